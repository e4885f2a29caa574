namespace ActiveLab.Cluster.Training;

/// <summary>The rows a <see cref="TrainingJob"/> works on (example ids of the dataset); shared by one member's jobs.</summary>
/// <param name="LabeledIds">Examples with a consensus label this round.</param>
/// <param name="Labels">Their consensus labels (same order).</param>
/// <param name="UnlabeledIds">The unlabeled pool, predicted by every fold model (Q).</param>
public sealed record JobRows(int[] LabeledIds, int[] Labels, int[] UnlabeledIds);
