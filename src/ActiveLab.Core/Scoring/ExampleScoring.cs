using ActiveLab.Core.Consensus;
using ActiveLab.Core.Randomness;
using ActiveLab.Core.Validation;

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
        options ??= new ScoreOptions();
        int k = predProbs.Columns;
        InputValidation.ProbabilityMatrix(predProbs, "predProbs", labels.Rows);
        if (predProbsUnlabeled is not null)
            InputValidation.ProbabilityMatrix(predProbsUnlabeled, "predProbsUnlabeled", null, k);
        InputValidation.Labels(labels, k, allowSingleLabel: true);
        var rng = new Rng(options.TieBreakSeed);

        if (InputValidation.EveryRowHasOneLabel(labels))
        {
            if (options.Variant == ScoreVariant.Benchmark)
                throw new ActiveLabInputException(
                    "every example has exactly one label; the benchmark variant needs multi-annotator data (use the library variant)", "labels");
            // cleanlab's single-annotator branch: consensus = the given label, quality = its scaled probability.
            var single = ActiveLabScores.Library(labels, predProbs, predProbsUnlabeled, rng);
            var scaled = TemperatureScaling.Scale(predProbs, 1.0, TemperatureFlavour.V230);
            var consensus = new int[labels.Rows];
            var quality = new double[labels.Rows];
            var agreement = new double[labels.Rows];
            for (int i = 0; i < consensus.Length; i++)
            {
                consensus[i] = labels.LabelsOfRow(i)[0];
                quality[i] = scaled[i, consensus[i]];
                agreement[i] = 1.0;
            }
            return new ExampleScores(consensus, quality, agreement, single.Labeled, single.Unlabeled, true);
        }

        if (options.Variant == ScoreVariant.Library)
        {
            // get_label_quality_multiannotator with its defaults (no calibration), then get_active_learning_scores.
            var quality = Crowdlab.GetLabelQuality(labels, predProbs, new Rng(options.TieBreakSeed));
            var al = ActiveLabScores.Library(labels, predProbs, predProbsUnlabeled, new Rng(options.TieBreakSeed));
            return new ExampleScores(quality.ConsensusLabel, quality.ConsensusQualityScore, quality.AnnotatorAgreement,
                al.Labeled, al.Unlabeled, false);
        }

        // Benchmark flow at round t (§2.3, §4.6): benchmark temperature, CROWDLAB on the scaled P, row-weight switch.
        double t = TemperatureScaling.FindBestTemperature(labels, predProbs, TemperatureFlavour.Benchmark);
        var res = Crowdlab.GetLabelQuality(labels, TemperatureScaling.Scale(predProbs, t, TemperatureFlavour.Benchmark), rng);
        var labeled = ActiveLabScores.BenchmarkLabeled(labels, res, options.Round, options.RowWeightBug);
        var unlabeled = predProbsUnlabeled is null ? [] : ActiveLabScores.BenchmarkUnlabeled(
            TemperatureScaling.Scale(predProbsUnlabeled, t, TemperatureFlavour.Benchmark), res);
        return new ExampleScores(res.ConsensusLabel, res.ConsensusQualityScore, res.AnnotatorAgreement, labeled, unlabeled, false);
    }
}
