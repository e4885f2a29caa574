using ActiveLab.Core;

namespace ActiveLab.Models.CrossValidation;

/// <summary>Outputs of a cross-validated training (spec §2.4.1).</summary>
/// <param name="OutOfFold">P: N × K out-of-fold probabilities of the labeled rows.</param>
/// <param name="Unlabeled">Q: N_U × K, mean over the fold models.</param>
/// <param name="Test">R: N_test × K, mean over the fold models.</param>
/// <param name="FoldAccuracies">Each fold model's test accuracy (argmax of its own probabilities).</param>
/// <param name="FullFitAccuracy">Test accuracy of a model fit on all rows, when requested.</param>
public sealed record CrossValidationResult(Matrix OutOfFold, Matrix Unlabeled, Matrix Test, double[] FoldAccuracies, double? FullFitAccuracy)
{
    /// <summary>The recorded model accuracy of single-model methods: the mean of the fold accuracies.</summary>
    public double MeanFoldAccuracy => FoldAccuracies.Average();
}
