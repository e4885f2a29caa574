namespace ActiveLab.Cluster.Training;

/// <summary>What a worker returns for a <see cref="TrainingJob"/>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Member">Ensemble member index.</param>
/// <param name="Fold">Fold index, or <see cref="FoldSpec.FullFit"/>.</param>
/// <param name="HeldOut">Held-out rows' probabilities (fold jobs).</param>
/// <param name="Unlabeled">Q_f (fold jobs).</param>
/// <param name="Test">R_f (fold jobs).</param>
/// <param name="Accuracy">Test accuracy of this model (fold or full fit).</param>
/// <param name="Seconds">Wall seconds the training took on the worker.</param>
/// <param name="Node">The worker node's address.</param>
public sealed record TrainingJobOutput(
    string JobId, int Member, int Fold, MatrixData? HeldOut, MatrixData? Unlabeled, MatrixData? Test, double Accuracy, double Seconds, string Node);
