using ActiveLab.Core;

namespace ActiveLab.Models.CrossValidation;

/// <summary>What one fold model produced.</summary>
/// <param name="Fold">Fold index.</param>
/// <param name="HeldOut">Probabilities of the fold's held-out rows (in <see cref="FoldSplit.HeldOutRows"/> order),
/// duplicated rows already one-hot.</param>
/// <param name="Unlabeled">Q_f: N_U × K.</param>
/// <param name="Test">R_f: N_test × K.</param>
/// <param name="Accuracy">Test accuracy of this fold model.</param>
public sealed record FoldOutput(int Fold, Matrix HeldOut, Matrix Unlabeled, Matrix Test, double Accuracy);
