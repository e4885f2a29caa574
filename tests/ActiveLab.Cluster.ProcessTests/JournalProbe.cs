using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActiveLab.Cluster.ProcessTests;

/// <summary>
/// Counts the events the sweep's cells have persisted (rows of Akka.Persistence.Sql's <c>journal</c> table whose
/// persistence id is <c>cell|&lt;sweep&gt;|…</c>: one per finished round, plus one per failed cell), read-only, while the
/// sweep runs in another process. Lets a test kill a process right after its first rounds are durable, however fast
/// the machine, and check afterwards that a resumed sweep persisted every round exactly once.
/// </summary>
internal sealed class JournalProbe(string sweepName, string sweepDir, string? postgres)
{
    /// <summary>The cell events persisted so far; 0 while the journal does not exist yet.</summary>
    public async Task<long> CellEventsAsync()
    {
        try
        {
            await using var connection = Open();
            if (connection is null) return 0;
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id LIKE @p";
            var p = command.CreateParameter();
            p.ParameterName = "@p";
            p.Value = $"cell|{sweepName}|%";
            command.Parameters.Add(p);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        catch (DbException)
        {
            return 0; // not created yet, or busy for a moment
        }
    }

    /// <summary>Waits until at least <paramref name="atLeast"/> cell events are persisted; fails when the process exits first.</summary>
    public async Task<long> WaitForCellEventsAsync(long atLeast, CliProcess process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            long n = await CellEventsAsync();
            if (n >= atLeast) return n;
            if (process.HasExited) throw new TimeoutException($"{process.Name} exited before {atLeast} rounds were persisted ({n})\n{process.Tail()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {atLeast} rounds persisted ({n}) within {timeout.TotalSeconds:0} s\n{process.Tail()}");
            await Task.Delay(50);
        }
    }

    /// <summary>PostgreSQL only: deletes this sweep's rows (journal, tags, snapshots), so repeated test runs leave nothing behind.</summary>
    public async Task DeleteSweepRowsAsync()
    {
        if (postgres is null) return;
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        foreach (var table in new[] { "tags", "journal", "snapshot" })
        {
            // A fresh database has no snapshot table (sweeps configure no snapshot store): nothing to delete there.
            await using (var exists = connection.CreateCommand())
            {
                exists.CommandText = "SELECT to_regclass(@table) IS NOT NULL";
                exists.Parameters.AddWithValue("table", table);
                if (await exists.ExecuteScalarAsync() is not true) continue;
            }
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM {table} WHERE persistence_id LIKE @cells OR persistence_id = @sweep";
            command.Parameters.AddWithValue("cells", $"cell|{sweepName}|%");
            command.Parameters.AddWithValue("sweep", $"sweep|{sweepName}");
            await command.ExecuteNonQueryAsync();
        }
    }

    private DbConnection? Open()
    {
        if (postgres is not null) return new NpgsqlConnection(postgres);
        string path = Path.Combine(sweepDir, "journal.db");
        return File.Exists(path) ? new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False") : null;
    }
}
