namespace ActiveLab.Core.Rounds;

/// <summary>
/// What a round asks the trainer for: cross-validated models on the labeled examples with their consensus labels,
/// predicting the unlabeled examples and the test set. One request per ensemble member.
/// </summary>
/// <param name="Member">Ensemble member index (0 for single-model methods).</param>
/// <param name="LabeledIds">Example ids of the training rows, in labeled-pool order.</param>
/// <param name="Labels">Consensus label of each training row.</param>
/// <param name="UnlabeledIds">Example ids to predict (Q).</param>
/// <param name="FullFit">Whether to also fit one model on all rows and report its test accuracy (extra benchmarks).</param>
public sealed record TrainingRequest(int Member, int[] LabeledIds, int[] Labels, int[] UnlabeledIds, bool FullFit);

/// <summary>A trainer's answer to a <see cref="TrainingRequest"/> (spec §2.4.1).</summary>
/// <param name="OutOfFold">P: N × K out-of-fold probabilities, rows in request order.</param>
/// <param name="Unlabeled">Q: N_U × K fold-mean probabilities of the unlabeled examples.</param>
/// <param name="Test">R: N_test × K fold-mean test probabilities.</param>
/// <param name="FoldAccuracies">Test accuracy of each fold model.</param>
/// <param name="FullFitAccuracy">Test accuracy of the model fit on all rows, when requested.</param>
public sealed record MemberOutputs(Matrix OutOfFold, Matrix Unlabeled, Matrix Test, double[] FoldAccuracies, double? FullFitAccuracy = null)
{
    public double MeanFoldAccuracy => FoldAccuracies.Average();
}
