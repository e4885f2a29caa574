namespace ActiveLab.Core.Consensus;

/// <summary>
/// Output of CROWDLAB (spec §4.3/§4.4), all from the final (second) pass.
/// </summary>
/// <param name="ConsensusLabel">c*: consensus label per example (N).</param>
/// <param name="ConsensusQualityScore">q_i = post_i[c*_i] (N), in [0, 1].</param>
/// <param name="AnnotatorAgreement">a_i: fraction of row i's annotators whose label equals c*_i (N).</param>
/// <param name="PosteriorProbs">post: N × K posterior class probabilities.</param>
/// <param name="ModelWeights">w_M per model (one entry for a single model, one per member for an ensemble).</param>
/// <param name="AnnotatorWeights">w_j per annotator column (M), in column order.</param>
/// <param name="Statistics">Intermediate quantities of the final pass (for inspection and tests).</param>
public sealed record CrowdlabResult(
    int[] ConsensusLabel,
    double[] ConsensusQualityScore,
    double[] AnnotatorAgreement,
    Matrix PosteriorProbs,
    double[] ModelWeights,
    double[] AnnotatorWeights,
    CrowdlabStatistics Statistics)
{
    /// <summary>w_M of a single-model result (the first member's weight for an ensemble).</summary>
    public double ModelWeight => ModelWeights[0];

    /// <summary>w̄: mean annotator weight over all M columns.</summary>
    public double MeanAnnotatorWeight => AnnotatorWeights.Average();
}

/// <summary>Intermediate CROWDLAB quantities of spec §4.2 for one consensus vector.</summary>
/// <param name="Likelihood">𝒫: mean agreement with the consensus over multi-annotated rows.</param>
/// <param name="MostLikelyClass">y_MLC.</param>
/// <param name="MostLikelyClassError">ε_MLC (floored at 1e-6).</param>
/// <param name="AnnotatorAgreementWithAnnotators">s_j per column, NaNs imputed with the mean.</param>
/// <param name="ModelErrors">ε_M per model.</param>
public sealed record CrowdlabStatistics(
    double Likelihood,
    int MostLikelyClass,
    double MostLikelyClassError,
    double[] AnnotatorAgreementWithAnnotators,
    double[] ModelErrors);
