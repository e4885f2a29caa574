namespace ActiveLab.Cluster.Training;

/// <summary>
/// How a trainer node batches jobs (<c>activelab.trainer</c>): a slot trains up to <see cref="MaxBatch"/> queued jobs
/// of one model as one stacked fit (<see cref="TrainingJobExecutor.ExecuteMany"/>), waiting at most
/// <see cref="FillWait"/> for more of them when the queue holds fewer. Jobs of one round arrive together, so the wait
/// is short; it only bounds the delay of a batch that cannot fill.
/// </summary>
/// <param name="MaxBatch">Jobs per stacked fit, 1 (no batching) to <see cref="Limit"/>.</param>
/// <param name="FillWait">The longest wait for more jobs before a batch that is not full is trained.</param>
public sealed record TrainerBatching(int MaxBatch, TimeSpan FillWait)
{
    /// <summary>The largest batch a node accepts.</summary>
    public const int Limit = 1024;

    /// <summary>Longest accepted <see cref="FillWait"/>: a longer wait would only idle the slot.</summary>
    public static readonly TimeSpan MaxFillWait = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultFillWait = TimeSpan.FromMilliseconds(50);

    /// <summary>One job at a time (CPU nodes: the C# models gain nothing from stacking).</summary>
    public static readonly TrainerBatching Off = new(1, DefaultFillWait);

    /// <summary>The range check (null when valid), for config readers and command lines.</summary>
    public static string? Problem(int maxBatch, TimeSpan fillWait) =>
        maxBatch is < 1 or > Limit ? $"max-batch must be between 1 and {Limit}, got {maxBatch}"
        : fillWait <= TimeSpan.Zero || fillWait > MaxFillWait ? $"fill-wait must be > 0 and at most {MaxFillWait.TotalSeconds:0} s, got {fillWait}"
        : null;
}
