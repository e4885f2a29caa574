using ActiveLab.Core.Randomness;

namespace ActiveLab.Cluster.Training;

/// <summary>
/// One unit of training work: one fold of one member's cross-validated training in one round of one cell (or, with
/// <see cref="FoldSpec.IsFullFit"/>, the model fit on all labeled rows). Carries example ids and labels only: a worker
/// loads the dataset once from its own data dir and checks <see cref="JobCell.DatasetFingerprint"/>.
/// </summary>
/// <param name="JobId">Unique within the sweep: cell, round, member and fold.</param>
/// <param name="Cell">The cell and round it belongs to (dataset, random streams).</param>
/// <param name="Model">The model to train ("mlp", "et", …).</param>
/// <param name="Member">Ensemble member index (0 for single-model methods).</param>
/// <param name="Fold">Which fold of which split.</param>
/// <param name="Rows">The round's labeled rows, their labels and the unlabeled pool.</param>
/// <param name="Trainer">"real", or "noop" (capacity tests: uniform probabilities at once).</param>
public sealed record TrainingJob(string JobId, JobCell Cell, string Model, int Member, FoldSpec Fold, JobRows Rows, string Trainer)
{
    /// <summary>The random-stream key of this member's training (folds and fits derive their purposes from it).</summary>
    public StreamKey StreamKey => new(Cell.SweepSeed, Cell.Dataset, Cell.StreamMethod, Cell.Repeat, Cell.Round, $"train:m{Member}");
}
