namespace ActiveLab.Models.CrossValidation;

/// <summary>Settings of one cross-validated training (spec §2.4.1 / §2.4.3).</summary>
/// <param name="Folds">Number of folds (5 in every benchmark).</param>
/// <param name="Shuffle">Shuffled stratified folds (tabular benchmarks) or sklearn's deterministic order (CIFAR).</param>
/// <param name="DuplicateMissingClasses">Tabular benchmarks: a class absent from a fold's training part gets the first
/// held-out example of that class copied in, and that example's out-of-fold row becomes one-hot.</param>
/// <param name="FullFit">Also fit one model on all labeled rows and report its test accuracy (extra benchmarks).</param>
/// <param name="MaxDegreeOfParallelism">Folds trained at once; results do not depend on it.</param>
public sealed record CrossValidationOptions(
    int Folds = 5,
    bool Shuffle = true,
    bool DuplicateMissingClasses = true,
    bool FullFit = false,
    int MaxDegreeOfParallelism = 1);
