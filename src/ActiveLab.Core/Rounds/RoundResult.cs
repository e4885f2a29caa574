namespace ActiveLab.Core.Rounds;

/// <summary>What one round produced: its metrics (spec §5) and the labels it collected.</summary>
/// <param name="Round">t.</param>
/// <param name="ConsensusAccuracy">Consensus-label accuracy on the labeled set, before training.</param>
/// <param name="ModelAccuracy">Test accuracy per §2.4.4.</param>
/// <param name="DistributionEntropy">Distribution entropy of A before training.</param>
/// <param name="NumNewExamples">How many previously unlabeled examples were selected.</param>
/// <param name="LabelsCollected">Annotations in A at the start of the round.</param>
/// <param name="RelabeledIds">Example ids of the labeled examples that got one more label, ascending score.</param>
/// <param name="NewIds">Example ids moved from unlabeled to labeled, ascending score.</param>
/// <param name="Annotations">(example id, label) drawn by the simulator this round, in draw order.</param>
/// <param name="Temperature">Temperature used by the ActiveLab scores this round (NaN for other methods).</param>
public sealed record RoundResult(
    int Round,
    double ConsensusAccuracy,
    double ModelAccuracy,
    double DistributionEntropy,
    int NumNewExamples,
    int LabelsCollected,
    int[] RelabeledIds,
    int[] NewIds,
    (int Id, int Label)[] Annotations,
    double Temperature);
