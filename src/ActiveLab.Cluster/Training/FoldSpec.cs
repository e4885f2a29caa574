using ActiveLab.Models.CrossValidation;

namespace ActiveLab.Cluster.Training;

/// <summary>Which fold of which cross-validation split a <see cref="TrainingJob"/> trains.</summary>
/// <param name="Index">Fold index 0..Count−1, or <see cref="FullFit"/> for the model fit on all labeled rows.</param>
/// <param name="Count">Number of folds.</param>
/// <param name="Shuffle">Shuffle rows before splitting.</param>
/// <param name="DuplicateMissingClasses">Duplicate rows of classes missing from a training fold (spec §2.4.1).</param>
public sealed record FoldSpec(int Index, int Count, bool Shuffle, bool DuplicateMissingClasses)
{
    /// <summary><see cref="Index"/> of a full-data fit job.</summary>
    public const int FullFit = -1;

    /// <summary>True for the full-data fit rather than a fold.</summary>
    public bool IsFullFit => Index == FullFit;

    /// <summary>The split's options.</summary>
    public CrossValidationOptions Options => new(Count, Shuffle, DuplicateMissingClasses);
}
