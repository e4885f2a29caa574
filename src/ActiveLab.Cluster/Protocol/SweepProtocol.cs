using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Protocol;

/// <summary>Anyone → coordinator: the sweep's live progress.</summary>
public sealed record GetSweepStatus;

/// <summary>Progress of one (dataset, method) group of cells.</summary>
public sealed record GroupStatus(string Dataset, string Method, int Done, int Running, int Pending, int Failed, string[] Errors);

/// <summary>The sweep's progress: per group, plus job-level counters.</summary>
/// <param name="RoundsDone">Rounds persisted by all cells (for the pace estimate; 0 where not known).</param>
/// <param name="RoundsLeft">Rounds still to run by pending and running cells (failed cells run no more).</param>
public sealed record SweepStatus(string Sweep, GroupStatus[] Groups, int PendingJobs, int LeasedJobs, long CompletedJobs, int Workers, bool Finished,
    long RoundsDone = 0, long RoundsLeft = 0)
{
    public int CellsDone => Groups.Sum(g => g.Done);
    public int CellsFailed => Groups.Sum(g => g.Failed);
    public int Cells => Groups.Sum(g => g.Done + g.Running + g.Pending + g.Failed);
}

/// <summary>Coordinator → listener: the sweep cannot start (e.g. the config changed); nothing was run.</summary>
public sealed record SweepRefused(string Reason);

/// <summary>Coordinator → listener: every cell is done or failed and the results are compacted.</summary>
public sealed record SweepCompleted(SweepStatus Status, string? CompactionError);

/// <summary>Coordinator → listener: progress changed (for live display).</summary>
public sealed record SweepProgressChanged(SweepStatus Status);

/// <summary>Persisted by the coordinator: the fixed manifest of the sweep.</summary>
public sealed record SweepManifestRecorded(string ConfigHash, string SettingsHash, string ConfigText, SweepCell[] Cells);

/// <summary>Persisted by the coordinator: cells added by a config whose settings are unchanged (explicit flag).</summary>
public sealed record SweepCellsAdded(string ConfigHash, string ConfigText, SweepCell[] Cells);

/// <summary>A dataset's content fingerprint (see <c>LoadedDataset.Fingerprint</c>).</summary>
public sealed record DatasetFingerprint(string Dataset, string Fingerprint);

/// <summary>Persisted by the coordinator: the fingerprints of the data the sweep reads, checked on every resume.</summary>
public sealed record SweepDataRecorded(DatasetFingerprint[] Datasets);

/// <summary>Anyone → coordinator: every cell's state and every trainer's activity (the dashboard); answered with
/// <see cref="SweepDetail"/>. Read-only.</summary>
public sealed record GetSweepDetail;

/// <summary>One cell as the coordinator sees it now.</summary>
public sealed record CellDetail(string CellId, string Dataset, string Method, string Model, int Repeat, CellState State, int RoundsDone,
    int Rounds, string? Error);

/// <summary>One trainer actor as the coordinator sees it: the node it runs on, the slots it claims, the jobs it holds
/// now, has finished and has failed (attempts that threw), and when it was last heard from (work request, lease
/// renewal or result).</summary>
public sealed record TrainerDetail(string Node, int Slots, int Busy, long JobsDone, long JobsFailed, DateTime LastSeenUtc);

/// <summary>Coordinator → asker: the answer to <see cref="GetSweepDetail"/>.</summary>
public sealed record SweepDetail(SweepStatus Status, CellDetail[] Cells, TrainerDetail[] Trainers);
