using ActiveLab.Core.Consensus;

namespace ActiveLab.Core.Rounds;

/// <summary>
/// The first half of a round (spec §2.2 steps 1–2): consensus labels, the metrics measured before training, what to
/// train, and — for the ActiveLab flows from round 1 on — the CROWDLAB result and temperatures computed from the
/// carried probabilities.
/// </summary>
/// <param name="Consensus">c: consensus label per labeled row.</param>
/// <param name="ConsensusAccuracy">mean(c == true label) over the current labeled set.</param>
/// <param name="DistributionEntropy">Distribution entropy of A (§5).</param>
/// <param name="LabelsCollected">Number of annotations in A at the start of the round.</param>
/// <param name="Requests">One training request per ensemble member.</param>
/// <param name="Crowdlab">CROWDLAB result computed in step 1 (ActiveLab flows, t &gt; 0), else null.</param>
/// <param name="Temperatures">Temperatures fitted in step 1 (one per member), else empty.</param>
public sealed record RoundPlan(
    int[] Consensus,
    double ConsensusAccuracy,
    double DistributionEntropy,
    int LabelsCollected,
    IReadOnlyList<TrainingRequest> Requests,
    CrowdlabResult? Crowdlab,
    double[] Temperatures);
