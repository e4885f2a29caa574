using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Persistence;

/// <summary>
/// Read-only access to a sweep's journal table (Akka.Persistence.Sql's default mapping, which
/// <see cref="SqliteJournal"/> shares) with plain SQL, for readers that need many persistence ids at once: one query
/// instead of one per persistence id.
/// </summary>
public static class JournalTable
{
    /// <summary>One stored event: its serializer id and manifest, and its bytes unless the query left them out.</summary>
    public sealed record Row(string PersistenceId, long SequenceNr, int? Identifier, string Manifest, byte[]? Message);

    /// <summary>
    /// The events of every persistence id that starts with <paramref name="prefix"/>, ordered by persistence id and
    /// sequence number, deleted ones left out. Rows whose serializer id and manifest are in <paramref name="withoutMessage"/>
    /// come without their bytes (the reader only needs to count them).
    /// </summary>
    public static async IAsyncEnumerable<Row> ReadAsync(SweepConfig config, string prefix, (int Identifier, string Manifest)? withoutMessage = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open(config);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // LIKE is the portable prefix test (SQLite: case-insensitive for ASCII, hence the exact check below).
        command.CommandText = """
            SELECT persistence_id, sequence_number, identifier, manifest,
                   CASE WHEN identifier = @skipId AND manifest = @skipManifest THEN NULL ELSE message END
            FROM journal WHERE persistence_id LIKE @prefix ESCAPE '!' AND NOT deleted
            ORDER BY persistence_id, sequence_number
            """;
        Add(command, "@skipId", withoutMessage?.Identifier ?? int.MinValue);
        Add(command, "@skipManifest", withoutMessage?.Manifest ?? "");
        Add(command, "@prefix", prefix.Replace("!", "!!").Replace("%", "!%").Replace("_", "!_") + "%");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string id = reader.GetString(0);
            if (!id.StartsWith(prefix, StringComparison.Ordinal)) continue;
            yield return new Row(id, reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? "" : reader.GetString(3),
                reader.IsDBNull(4) ? null : (byte[])reader.GetValue(4));
        }
    }

    private static DbConnection Open(SweepConfig config) => config.Persistence == PersistenceProvider.Sqlite
        ? new SqliteConnection(new SqliteConnectionStringBuilder(config.EffectiveConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString())
        : new NpgsqlConnection(config.EffectiveConnectionString);

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
