using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Protocol;

/// <summary>Anyone → coordinator: the sweep's live progress.</summary>
public sealed record GetSweepStatus;

/// <summary>Progress of one (dataset, method) group of cells.</summary>
public sealed record GroupStatus(string Dataset, string Method, int Done, int Running, int Pending, int Failed, string[] Errors);

/// <summary>The sweep's progress: per group, plus job-level counters.</summary>
public sealed record SweepStatus(string Sweep, GroupStatus[] Groups, int PendingJobs, int LeasedJobs, long CompletedJobs, int Workers, bool Finished)
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
