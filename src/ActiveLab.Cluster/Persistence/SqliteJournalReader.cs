using Microsoft.Data.Sqlite;

namespace ActiveLab.Cluster.Persistence;

/// <summary>
/// Reads the journal table: the highest sequence number of a persistence id (every recovery asks for it) and its
/// events in order. Plain prepared SQL on pooled connections; in WAL mode readers never wait for the writer.
/// </summary>
internal sealed class SqliteJournalReader(string connectionString)
{
    /// <summary>The highest sequence number stored for <paramref name="persistenceId"/> (deleted rows included), 0 when none.</summary>
    public long HighestSequenceNr(string persistenceId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid";
        command.Parameters.AddWithValue("$pid", persistenceId);
        return command.ExecuteScalar() is long max ? max : 0;
    }

    /// <summary>The events of <paramref name="persistenceId"/> from <paramref name="from"/> to <paramref name="to"/> (inclusive),
    /// at most <paramref name="max"/>, in sequence order, deleted ones left out.</summary>
    public IEnumerable<JournalRow> Events(string persistenceId, long from, long to, long max)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sequence_number, message, manifest, identifier, created, writer_uuid FROM journal
            WHERE persistence_id = $pid AND sequence_number >= $from AND sequence_number <= $to AND deleted = 0
            ORDER BY sequence_number LIMIT $max
            """;
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            yield return new JournalRow(persistenceId, reader.GetInt64(0), (byte[])reader.GetValue(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetInt64(4), false,
                reader.IsDBNull(5) ? null : reader.GetString(5));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
