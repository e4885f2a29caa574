using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Scoring;

/// <summary>
/// The baseline active-learning scores of spec §3 (lower = higher priority). Each returns the labeled and the
/// unlabeled pool's scores; pass an empty matrix / zero count where a pool is absent.
/// </summary>
public static class BaselineScores
{
    /// <summary><c>random</c>: independent U(0,1) per example — labeled pool drawn first, then unlabeled.</summary>
    public static (double[] Labeled, double[] Unlabeled) Random(int labeledCount, int unlabeledCount, Rng rng)
    {
        var l = new double[labeledCount];
        var u = new double[unlabeledCount];
        for (int i = 0; i < l.Length; i++) l[i] = rng.NextDouble();
        for (int i = 0; i < u.Length; i++) u[i] = rng.NextDouble();
        return (l, u);
    }

    /// <summary>
    /// <c>good_random</c>: labeled n_i + U(0,1), unlabeled U(0,1) — unlabeled first, then the least-annotated
    /// labeled examples, random within a count. Labeled drawn first, then unlabeled.
    /// </summary>
    public static (double[] Labeled, double[] Unlabeled) GoodRandom(LabelMatrix labels, int unlabeledCount, Rng rng)
    {
        var l = new double[labels.Rows];
        var u = new double[unlabeledCount];
        for (int i = 0; i < l.Length; i++) l[i] = labels.CountInRow(i) + rng.NextDouble();
        for (int i = 0; i < u.Length; i++) u[i] = rng.NextDouble();
        return (l, u);
    }

    /// <summary><c>entropy</c>: −NormEntropy of each row of P (labeled) and Q (unlabeled).</summary>
    public static (double[] Labeled, double[] Unlabeled) Entropy(Matrix predProbs, Matrix? predProbsUnlabeled)
        => (NegatedEntropy(predProbs), predProbsUnlabeled is null ? [] : NegatedEntropy(predProbsUnlabeled));

    /// <summary><c>uncertainty</c> (least confidence): max_k p_k − 1.</summary>
    public static (double[] Labeled, double[] Unlabeled) Uncertainty(Matrix predProbs, Matrix? predProbsUnlabeled)
        => (LeastConfidence(predProbs), predProbsUnlabeled is null ? [] : LeastConfidence(predProbsUnlabeled));

    /// <summary>
    /// <c>disagreement</c> (query by committee): mean over members m of Σ_k p̄_k·ln(max(P^m_k, 1e-6)) / ln K, with p̄
    /// the unclipped member mean. Members are N × K (labeled) and N_U × K (unlabeled), in the same order.
    /// </summary>
    public static (double[] Labeled, double[] Unlabeled) Disagreement(IReadOnlyList<Matrix> members, IReadOnlyList<Matrix>? unlabeledMembers)
        => (CommitteeScores(members), unlabeledMembers is null || unlabeledMembers.Count == 0 ? [] : CommitteeScores(unlabeledMembers));

    /// <summary>
    /// <c>active_label_cleaning</c> (complete benchmark, labeled only): exp(−(CE_i − H_i + 1)) with CE_i the soft
    /// cross-entropy of row i's empirical label distribution against P_i and H_i = NormEntropy(P_i).
    /// </summary>
    public static double[] ActiveLabelCleaning(LabelMatrix labels, Matrix predProbs)
    {
        if (labels.Rows != predProbs.Rows)
            throw new ActiveLabInputException($"labels has {labels.Rows} rows but predProbs has {predProbs.Rows}", "predProbs");
        var s = new double[labels.Rows];
        for (int i = 0; i < s.Length; i++)
        {
            var p = predProbs.ReadRow(i);
            double ce = Scoring.Entropy.EmpiricalCrossEntropy(labels, i, p);
            double h = Scoring.Entropy.Normalized(p);
            s[i] = Math.Exp(-(ce - h + 1));
        }
        return s;
    }

    /// <summary>Single-annotator <c>crowdlab</c> unlabeled score: (max_k Q̂_uk + 1/K) / 2 (Q̂ = Q clipped at 1e-30, renormalised).</summary>
    public static double[] SingleAnnotatorActiveLabUnlabeled(Matrix predProbsUnlabeled)
    {
        var scaled = Consensus.TemperatureScaling.Scale(predProbsUnlabeled, 1.0, Consensus.TemperatureFlavour.V230);
        var s = new double[scaled.Rows];
        for (int u = 0; u < s.Length; u++)
        {
            var row = scaled.ReadRow(u);
            s[u] = ActiveLabScores.WeightedAverage(row[MathUtil.ArgMax(row)], 1.0, 1.0 / row.Length, 1.0);
        }
        return s;
    }

    private static double[] NegatedEntropy(Matrix p)
    {
        var s = Scoring.Entropy.NormalizedRows(p);
        for (int i = 0; i < s.Length; i++) s[i] = -s[i];
        return s;
    }

    private static double[] LeastConfidence(Matrix p)
    {
        var s = new double[p.Rows];
        for (int i = 0; i < s.Length; i++)
        {
            var row = p.ReadRow(i);
            s[i] = row[MathUtil.ArgMax(row)] - 1;
        }
        return s;
    }

    private static double[] CommitteeScores(IReadOnlyList<Matrix> members)
    {
        var mean = Consensus.Crowdlab.MemberMean(members);
        int n = mean.Rows, k = mean.Columns;
        double lnK = Math.Log(k);
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            double total = 0;
            for (int m = 0; m < members.Count; m++)
            {
                double ce = 0;
                for (int c = 0; c < k; c++) ce += mean[i, c] * Math.Log(Math.Max(members[m][i, c], Scoring.Entropy.LogClip));
                total += ce / lnK;
            }
            s[i] = total / members.Count;
        }
        return s;
    }
}
