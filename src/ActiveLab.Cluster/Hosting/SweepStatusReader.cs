using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// Reads a sweep's progress from its journal (Akka.Persistence.Query over the SQL journal), without a running
/// coordinator: works while the sweep runs in another process (SQLite in WAL mode allows a concurrent reader) and
/// after it stopped. A cell is done when all its rounds are persisted, failed when it persisted a failure, running
/// when some rounds are persisted, pending otherwise.
/// </summary>
public static class SweepStatusReader
{
    /// <summary>The status, or null when the journal holds no manifest for this sweep (never started).</summary>
    public static async Task<SweepStatus?> ReadAsync(SweepConfig config, CancellationToken cancellationToken = default)
    {
        if (config.Persistence == PersistenceProvider.Sqlite && string.IsNullOrWhiteSpace(config.ConnectionString)
            && !File.Exists(Path.Combine(config.SweepDir, "journal.db")))
            return null;
        var hocon = Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = ERROR\nakka.stdout-loglevel = ERROR")
            .WithFallback(AkkaConfig.Persistence(config))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
        using var system = ActorSystem.Create("activelab-status", hocon);
        try
        {
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var materializer = system.Materializer();
            async Task<List<object>> Events(string persistenceId) =>
                (await journal.CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
                    .Select(e => e.Event)
                    .RunWith(Sink.Seq<object>(), materializer)).ToList();

            var cells = new List<SweepCell>();
            bool any = false;
            foreach (var e in await Events($"sweep|{config.Name}"))
            {
                any = true;
                if (e is SweepManifestRecorded m) { cells.Clear(); cells.AddRange(m.Cells); }
                else if (e is SweepCellsAdded a) cells.AddRange(a.Cells);
            }
            if (!any) return null;

            var progress = new List<(SweepCell Cell, CellState State, string? Error)>();
            foreach (var cell in cells)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rounds = 0;
                string? error = null;
                foreach (var e in await Events($"cell|{config.Name}|{cell.Id}"))
                {
                    if (e is CellRoundCompleted) rounds++;
                    else if (e is CellFailed f) error = f.Error;
                }
                var state = error is not null ? CellState.Failed
                    : rounds >= config.RoundsFor(cell.Dataset) ? CellState.Done
                    : rounds > 0 ? CellState.Running : CellState.Pending;
                progress.Add((cell, state, error));
            }
            var groups = progress.GroupBy(p => (p.Cell.Dataset, p.Cell.Method))
                .Select(g => new GroupStatus(g.Key.Dataset, g.Key.Method,
                    g.Count(p => p.State == CellState.Done), g.Count(p => p.State == CellState.Running),
                    g.Count(p => p.State == CellState.Pending), g.Count(p => p.State == CellState.Failed),
                    g.Where(p => p.Error is not null).Select(p => $"{p.Cell.Id}: {p.Error}").ToArray()))
                .OrderBy(g => g.Dataset).ThenBy(g => g.Method).ToArray();
            bool finished = progress.All(p => p.State is CellState.Done or CellState.Failed);
            return new SweepStatus(config.Name, groups, 0, 0, 0, 0, finished);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
