using ActiveLab.Core.Randomness;

namespace ActiveLab.Cluster.Training;

/// <summary>
/// One unit of training work: one fold of one member's cross-validated training in one round of one cell (or, with
/// <see cref="Fold"/> = <see cref="FullFitFold"/>, the model fit on all labeled rows). Carries example ids and labels
/// only: a worker loads the dataset once from its own data dir and checks <see cref="DatasetFingerprint"/>.
/// </summary>
public sealed record TrainingJob(
    string JobId,
    string CellId,
    string Dataset,
    ulong? DatasetSeed,
    string DatasetFingerprint,
    string Model,
    int Member,
    int Fold,
    int Folds,
    bool ShuffleFolds,
    bool DuplicateMissingClasses,
    ulong SweepSeed,
    string StreamMethod,
    int Repeat,
    int Round,
    int[] LabeledIds,
    int[] Labels,
    int[] UnlabeledIds,
    string Trainer)
{
    /// <summary>Fold value of a full-data fit job.</summary>
    public const int FullFitFold = -1;

    /// <summary>The random-stream key of this member's training (folds and fits derive their purposes from it).</summary>
    public StreamKey StreamKey => new(SweepSeed, Dataset, StreamMethod, Repeat, Round, $"train:m{Member}");
}

/// <summary>What a worker returns for a <see cref="TrainingJob"/>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Member">Ensemble member index.</param>
/// <param name="Fold">Fold index, or <see cref="TrainingJob.FullFitFold"/>.</param>
/// <param name="HeldOut">Held-out rows' probabilities (fold jobs).</param>
/// <param name="Unlabeled">Q_f (fold jobs).</param>
/// <param name="Test">R_f (fold jobs).</param>
/// <param name="Accuracy">Test accuracy of this model (fold or full fit).</param>
/// <param name="Seconds">Wall seconds the training took on the worker.</param>
/// <param name="Node">The worker node's address.</param>
public sealed record TrainingJobOutput(
    string JobId, int Member, int Fold, MatrixData? HeldOut, MatrixData? Unlabeled, MatrixData? Test, double Accuracy, double Seconds, string Node);
