namespace ActiveLab.Core.Scoring;

/// <summary>Which ActiveLab implementation <see cref="ExampleScoring.Score"/> follows.</summary>
public enum ScoreVariant
{
    /// <summary>cleanlab v2.3.0: get_label_quality_multiannotator (defaults) then get_active_learning_scores (§4.5).</summary>
    Library,

    /// <summary>The benchmark's own flow (§2.3 round 0, §4.6): benchmark temperature, CROWDLAB on scaled P, row-weight switch.</summary>
    Benchmark,
}

/// <summary>Options of <see cref="ExampleScoring.Score"/>.</summary>
/// <param name="Variant">Library (default) or Benchmark.</param>
/// <param name="Round">Benchmark variant only: the round index t whose row the faithful row-weight bug reads (§4.6).</param>
/// <param name="RowWeightBug">Benchmark variant only: true = faithful W* from row t; false = per-row W_i.</param>
/// <param name="TieBreakSeed">Seed of the stream used by majority vote's last (random) tie-break.</param>
public sealed record ScoreOptions(
    ScoreVariant Variant = ScoreVariant.Library,
    int Round = 0,
    bool RowWeightBug = true,
    ulong TieBreakSeed = 0);

/// <summary>
/// Per-example output of <see cref="ExampleScoring.Score"/>. Labeled arrays have N entries, unlabeled N_U.
/// </summary>
/// <param name="ConsensusLabel">Consensus label per labeled example.</param>
/// <param name="ConsensusQualityScore">Consensus quality per labeled example, in [0, 1].</param>
/// <param name="AnnotatorAgreement">Fraction of the example's annotators agreeing with the consensus.</param>
/// <param name="ActiveLearningScores">ActiveLab score per labeled example (lower = label it next).</param>
/// <param name="ActiveLearningScoresUnlabeled">ActiveLab score per unlabeled example (empty when no Q given).</param>
/// <param name="SingleAnnotatorBranch">True when every row had exactly one label (cleanlab's single-annotator branch).</param>
public sealed record ExampleScores(
    int[] ConsensusLabel,
    double[] ConsensusQualityScore,
    double[] AnnotatorAgreement,
    double[] ActiveLearningScores,
    double[] ActiveLearningScoresUnlabeled,
    bool SingleAnnotatorBranch);

/// <summary>
/// One call that scores a user's own data the way cleanlab would: consensus labels, their quality, annotator agreement
/// and ActiveLab scores for labeled and unlabeled examples. This is what <c>activelab score</c> runs.
/// </summary>
public static class ExampleScoring
{
    /// <summary>
    /// Scores labeled examples (labels A: N × M, out-of-fold probabilities P: N × K) and optionally unlabeled ones
    /// (Q: N_U × K). Throws <see cref="ActiveLabInputException"/> on invalid input.
    /// </summary>
    public static ExampleScores Score(LabelMatrix labels, Matrix predProbs, Matrix? predProbsUnlabeled, ScoreOptions? options = null)
    {
        throw new NotImplementedException();
    }
}
