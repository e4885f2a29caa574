using ActiveLab.Core.Consensus;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Tests.Consensus;

public class CrowdlabTests
{
    private static LabelMatrix L(params int?[][] rows) => LabelMatrix.FromRows(rows.Select(r => (IReadOnlyList<int?>)r).ToList());

    [Fact]
    public void Annotator_without_co_annotators_gets_the_mean_agreement_of_the_others()
    {
        // Column 2 only labels a single-annotated row → s_2 is NaN and imputed with mean(s_0, s_1).
        var a = L([0, 0, null], [1, 0, null], [null, null, 1], [1, 1, null]);
        var s = Crowdlab.AnnotatorAgreementWithAnnotators(a);
        Assert.Equal(2.0 / 3, s[0], 12);
        Assert.Equal(2.0 / 3, s[1], 12);
        Assert.Equal((s[0] + s[1]) / 2, s[2], 12);
    }

    [Fact]
    public void Most_likely_class_error_is_floored_at_1e_6()
    {
        // Every multi-annotated row has consensus 0 → ε_MLC = 0 → floored.
        var a = L([0, 0], [0, 0], [1, null]);
        var p = Matrix.FromRows(new double[][] { [0.9, 0.1], [0.8, 0.2], [0.3, 0.7] });
        var res = Crowdlab.GetLabelQuality(a, p);
        Assert.Equal(1e-6, res.Statistics.MostLikelyClassError);
        Assert.All(res.AnnotatorWeights, w => Assert.True(w >= 1e-6));
    }

    [Fact]
    public void First_pass_posterior_tie_falls_back_to_the_majority_vote()
    {
        // Two annotators with identical weights split on row 0 and the model is exactly 50/50 there:
        // the first-pass posterior ties, so c* keeps the majority vote (tie-broken by global frequency → class 1).
        var a = L([0, 1], [1, 1], [1, 1], [0, 0]);
        var p = Matrix.FromRows(new double[][] { [0.5, 0.5], [0.1, 0.9], [0.2, 0.8], [0.9, 0.1] });
        var mv = MajorityVote.Compute(a, p);
        var res = Crowdlab.GetLabelQuality(a, p);
        Assert.Equal(mv[0], res.ConsensusLabel[0]);
        Assert.Equal(res.PosteriorProbs[0, 0], res.PosteriorProbs[0, 1]);
    }

    [Fact]
    public void Posterior_rows_sum_to_one_and_scores_lie_in_unit_interval()
    {
        var (a, p) = RandomProblem(200, 7, 4, seed: 3);
        var res = Crowdlab.GetLabelQuality(a, p);
        for (int i = 0; i < a.Rows; i++)
        {
            double s = 0;
            foreach (double v in res.PosteriorProbs.ReadRow(i)) s += v;
            Assert.Equal(1.0, s, 12);
            Assert.InRange(res.ConsensusQualityScore[i], 0, 1);
            Assert.InRange(res.AnnotatorAgreement[i], 0, 1);
        }
    }

    [Fact]
    public void Permuting_annotator_columns_changes_nothing_but_weight_order()
    {
        var (a, p) = RandomProblem(150, 6, 3, seed: 5);
        int[] order = [3, 0, 5, 1, 4, 2];
        var r1 = Crowdlab.GetLabelQuality(a, p);
        var r2 = Crowdlab.GetLabelQuality(a.SelectColumns(order), p);
        Assert.Equal(r1.ConsensusLabel, r2.ConsensusLabel);
        for (int i = 0; i < a.Rows; i++) Assert.Equal(r1.ConsensusQualityScore[i], r2.ConsensusQualityScore[i], 12);
        for (int c = 0; c < order.Length; c++) Assert.Equal(r1.AnnotatorWeights[order[c]], r2.AnnotatorWeights[c], 12);
    }

    [Fact]
    public void Permuting_examples_permutes_the_outputs()
    {
        var (a, p) = RandomProblem(120, 5, 3, seed: 9);
        var perm = new Rng(11).Permutation(a.Rows);
        var r1 = Crowdlab.GetLabelQuality(a, p);
        var r2 = Crowdlab.GetLabelQuality(a.SelectRows(perm), p.SelectRows(perm));
        for (int i = 0; i < perm.Length; i++)
        {
            Assert.Equal(r1.ConsensusLabel[perm[i]], r2.ConsensusLabel[i]);
            Assert.Equal(r1.ConsensusQualityScore[perm[i]], r2.ConsensusQualityScore[i], 12);
        }
        Assert.Equal(r1.ModelWeight, r2.ModelWeight, 12);
    }

    /// <summary>A random but well-formed problem: noisy annotators around a hidden truth, a decent model.</summary>
    internal static (LabelMatrix Labels, Matrix Probs) RandomProblem(int n, int m, int k, ulong seed)
    {
        var rng = new Rng(seed);
        var b = new LabelMatrix.Builder(n, m);
        var p = new Matrix(n, k);
        var colUsed = new bool[m];
        for (int i = 0; i < n; i++)
        {
            int truth = rng.NextInt(k);
            int count = 1 + rng.NextInt(3);
            foreach (int j in rng.SampleWithoutReplacement(m, count))
            {
                b.Add(i, j, rng.NextDouble() < 0.75 ? truth : rng.NextInt(k));
                colUsed[j] = true;
            }
            var row = p.Row(i);
            rng.NextFlatDirichlet(row);
            for (int c = 0; c < k; c++) row[c] = 0.5 * row[c] + (c == truth ? 0.5 : 0);
        }
        for (int j = 0; j < m; j++) if (!colUsed[j]) b.Add(0, j, 0);
        return (b.Build(), p);
    }
}
