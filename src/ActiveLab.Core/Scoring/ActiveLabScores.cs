using ActiveLab.Core.Consensus;
using ActiveLab.Core.Randomness;
using ActiveLab.Core.Validation;

namespace ActiveLab.Core.Scoring;

/// <summary>ActiveLab scores of the labeled (N) and unlabeled (N_U) pools; lower = collect a label there next.</summary>
/// <param name="Labeled">Score per labeled example.</param>
/// <param name="Unlabeled">Score per unlabeled example (empty when no unlabeled probabilities were given).</param>
/// <param name="Temperature">The temperature used (1 in the single-annotator branch).</param>
/// <param name="Crowdlab">The CROWDLAB result the scores used; null in the single-annotator branch.</param>
public sealed record PoolScores(double[] Labeled, double[] Unlabeled, double Temperature, CrowdlabResult? Crowdlab);

/// <summary>
/// The ActiveLab score in its three forms: cleanlab v2.3.0 <c>get_active_learning_scores</c> (spec §4.5), the
/// benchmark's own variant with its row-weight bug (§4.6) and the benchmark's ensemble variant.
/// </summary>
public static class ActiveLabScores
{
    /// <summary>
    /// cleanlab v2.3.0 <c>get_active_learning_scores(A, P, Q)</c>. <paramref name="labels"/>: N × M;
    /// <paramref name="predProbs"/>: N × K out-of-fold probabilities (raw: calibrated inside);
    /// <paramref name="predProbsUnlabeled"/>: optional N_U × K. When every row has exactly one label the
    /// single-annotator branch is taken (T = 1, all weights 1).
    /// </summary>
    public static PoolScores Library(LabelMatrix labels, Matrix predProbs, Matrix? predProbsUnlabeled, Rng? tieBreakRng = null)
    {
        int k = predProbs.Columns;
        InputValidation.ProbabilityMatrix(predProbs, "predProbs", labels.Rows);
        if (predProbsUnlabeled is not null)
            InputValidation.ProbabilityMatrix(predProbsUnlabeled, "predProbsUnlabeled", null, k);
        InputValidation.Labels(labels, k, allowSingleLabel: true);

        if (InputValidation.EveryRowHasOneLabel(labels))
        {
            var scaled = TemperatureScaling.Scale(predProbs, 1.0, TemperatureFlavour.V230);
            var labeled = new double[labels.Rows];
            for (int i = 0; i < labeled.Length; i++)
            {
                double q = scaled[i, labels.LabelsOfRow(i)[0]];
                labeled[i] = WeightedAverage(q, 1.0 + 1.0, 1.0 / k, 1.0);
            }
            var unlabeled = predProbsUnlabeled is null ? [] : UnlabeledScores(
                TemperatureScaling.Scale(predProbsUnlabeled, 1.0, TemperatureFlavour.V230), 1.0, 1.0);
            return new PoolScores(labeled, unlabeled, 1.0, null);
        }

        double t = TemperatureScaling.FindBestTemperature(labels, predProbs, TemperatureFlavour.V230);
        var res = Crowdlab.GetLabelQuality(labels, TemperatureScaling.Scale(predProbs, t, TemperatureFlavour.V230), tieBreakRng);
        var labeledScores = LabeledScores(labels, res, res.ModelWeight, rowForWeight: null);
        var unlabeledScores = predProbsUnlabeled is null ? [] : UnlabeledScores(
            TemperatureScaling.Scale(predProbsUnlabeled, t, TemperatureFlavour.V230), res.ModelWeight, res.MeanAnnotatorWeight);
        return new PoolScores(labeledScores, unlabeledScores, t, res);
    }

    /// <summary>
    /// The benchmark's single-model labeled score (§4.6): s_i = (W·q_i + w̄/K)/(W + w̄) with q, w_M, w_j, w̄ from
    /// <paramref name="crowdlab"/>. With <paramref name="rowWeightBug"/> (faithful default) W = w_M + Σ_{j∈J_t} w_j
    /// from row <paramref name="round"/> of <paramref name="labels"/> for every example; otherwise the per-row W_i.
    /// </summary>
    public static double[] BenchmarkLabeled(LabelMatrix labels, CrowdlabResult crowdlab, int round, bool rowWeightBug = true)
    {
        if (labels.Columns != crowdlab.AnnotatorWeights.Length)
            throw new ArgumentException("the CROWDLAB result was computed on a label matrix with another column count", nameof(crowdlab));
        if (rowWeightBug && (round < 0 || round >= labels.Rows))
            throw new ArgumentOutOfRangeException(nameof(round), round, $"the faithful row-weight bug reads row t, which must be in 0..{labels.Rows - 1}");
        double modelWeightSum = crowdlab.ModelWeights.Sum();
        return LabeledScores(labels, crowdlab, modelWeightSum, rowWeightBug ? round : null);
    }

    /// <summary>
    /// The benchmark's single-model unlabeled score (§4.6): s_u = (w_M·max_k Qs_uk + w̄/K)/(w_M + w̄), where
    /// <paramref name="scaledUnlabeled"/> = TempScale(Q, Tcur) has already been applied by the caller.
    /// </summary>
    public static double[] BenchmarkUnlabeled(Matrix scaledUnlabeled, CrowdlabResult crowdlab)
        => UnlabeledScores(scaledUnlabeled, crowdlab.ModelWeight, crowdlab.MeanAnnotatorWeight);

    /// <summary>
    /// The benchmark's ensemble unlabeled score (§4.6): member votes → majority vote (ties by the mean of the scaled
    /// members, full §4.1 chain), then the member-weighted mixture with w̄/K read at the voted class.
    /// <paramref name="scaledMembers"/>: each member's Q already scaled by its own temperature.
    /// </summary>
    public static double[] BenchmarkEnsembleUnlabeled(IReadOnlyList<Matrix> scaledMembers, CrowdlabResult crowdlab, Rng? tieBreakRng = null)
    {
        int p = scaledMembers.Count, nu = scaledMembers[0].Rows, k = scaledMembers[0].Columns;
        if (crowdlab.ModelWeights.Length != p)
            throw new ArgumentException($"{p} members but {crowdlab.ModelWeights.Length} model weights", nameof(crowdlab));
        if (nu == 0) return [];
        var votes = new LabelMatrix.Builder(nu, p);
        for (int m = 0; m < p; m++)
            for (int u = 0; u < nu; u++) votes.Add(u, m, scaledMembers[m].ArgMaxOfRow(u));
        var consensus = MajorityVote.Compute(votes.Build(), Crowdlab.MemberMean(scaledMembers), tieBreakRng);
        double wbar = crowdlab.MeanAnnotatorWeight;
        double total = crowdlab.ModelWeights.Sum() + wbar;
        var scores = new double[nu];
        for (int u = 0; u < nu; u++)
        {
            int c = consensus[u];
            double v = 0;
            for (int m = 0; m < p; m++) v += crowdlab.ModelWeights[m] * scaledMembers[m][u, c];
            v += wbar * (1.0 / k);
            scores[u] = v / total;
        }
        return scores;
    }

    private static double[] LabeledScores(LabelMatrix labels, CrowdlabResult res, double modelWeightSum, int? rowForWeight)
    {
        int k = res.PosteriorProbs.Columns;
        double wbar = res.MeanAnnotatorWeight;
        var w = res.AnnotatorWeights;
        double fixedWeight = rowForWeight is int t ? RowWeight(labels.ColumnsOfRow(t), w) + modelWeightSum : double.NaN;
        var scores = new double[labels.Rows];
        for (int i = 0; i < scores.Length; i++)
        {
            double weight = rowForWeight is null ? RowWeight(labels.ColumnsOfRow(i), w) + modelWeightSum : fixedWeight;
            scores[i] = WeightedAverage(res.ConsensusQualityScore[i], weight, 1.0 / k, wbar);
        }
        return scores;
    }

    private static double RowWeight(ReadOnlySpan<int> columns, double[] annotatorWeights)
    {
        double s = 0;
        foreach (int j in columns) s += annotatorWeights[j];
        return s;
    }

    private static double[] UnlabeledScores(Matrix scaledUnlabeled, double modelWeight, double meanAnnotatorWeight)
    {
        int k = scaledUnlabeled.Columns;
        var scores = new double[scaledUnlabeled.Rows];
        for (int u = 0; u < scores.Length; u++)
        {
            var row = scaledUnlabeled.ReadRow(u);
            double max = row[MathUtil.ArgMax(row)];
            scores[u] = WeightedAverage(max, modelWeight, 1.0 / k, meanAnnotatorWeight);
        }
        return scores;
    }

    /// <summary>numpy.average((a, b), weights=(wa, wb)) = (a·wa + b·wb) / (wa + wb).</summary>
    internal static double WeightedAverage(double a, double wa, double b, double wb) => (a * wa + b * wb) / (wa + wb);
}
