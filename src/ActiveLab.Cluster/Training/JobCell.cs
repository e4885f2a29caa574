namespace ActiveLab.Cluster.Training;

/// <summary>
/// The cell and round a <see cref="TrainingJob"/> belongs to: what its data and random streams depend on. Shared by
/// all the jobs of one round.
/// </summary>
/// <param name="CellId">The cell.</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="DatasetSeed">The sweep's dataset-seed (null: the benchmark's own).</param>
/// <param name="DatasetFingerprint">Content hash of the dataset as the coordinator built it (workers compare theirs).</param>
/// <param name="SweepSeed">The sweep's seed.</param>
/// <param name="StreamMethod">The method part of the random-stream key (e.g. "random/et").</param>
/// <param name="Repeat">Repeat index.</param>
/// <param name="Round">Round index.</param>
public sealed record JobCell(string CellId, string Dataset, ulong? DatasetSeed, string DatasetFingerprint, ulong SweepSeed,
    string StreamMethod, int Repeat, int Round);
