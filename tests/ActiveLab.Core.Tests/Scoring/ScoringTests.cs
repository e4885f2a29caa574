using ActiveLab.Core.Consensus;
using ActiveLab.Core.Randomness;
using ActiveLab.Core.Scoring;
using ActiveLab.Core.Tests.Consensus;

namespace ActiveLab.Core.Tests.Scoring;

public class ScoringTests
{
    private static LabelMatrix L(params int?[][] rows) => LabelMatrix.FromRows(rows.Select(r => (IReadOnlyList<int?>)r).ToList());
    private static Matrix P(params double[][] rows) => Matrix.FromRows(rows);

    [Fact]
    public void Entropy_and_uncertainty_match_hand_computed_values()
    {
        var p = P([0.5, 0.5, 0], [1, 0, 0]);
        var (le, _) = BaselineScores.Entropy(p, null);
        Assert.Equal(-(Math.Log(2) / Math.Log(3)), le[0], 14);
        Assert.Equal(0.0, le[1], 14);
        var (lu, uu) = BaselineScores.Uncertainty(p, P([0.2, 0.3, 0.5]));
        Assert.Equal([-0.5, 0.0], lu);
        Assert.Equal(-0.5, uu[0], 14);
    }

    [Fact]
    public void Good_random_puts_unlabeled_first_then_least_annotated()
    {
        var a = L([0, 1, 0], [1, null, null], [0, 0, null]);
        var (l, u) = BaselineScores.GoodRandom(a, 2, new Rng(1));
        Assert.InRange(l[0], 3, 4);
        Assert.InRange(l[1], 1, 2);
        Assert.InRange(l[2], 2, 3);
        Assert.All(u, x => Assert.InRange(x, 0, 1));
        var sel = Selection.LowestScores(l, u, 3);
        Assert.Equal([0, 1], sel.New.Order().ToArray());
        Assert.Equal([1], sel.Relabel);
    }

    [Fact]
    public void Disagreement_is_zero_minus_entropy_when_members_agree()
    {
        var m = P([0.7, 0.2, 0.1]);
        var (l, _) = BaselineScores.Disagreement([m, m.Clone(), m.Clone()], null);
        Assert.Equal(-Entropy.Normalized(m.ReadRow(0)), l[0], 14);
    }

    [Fact]
    public void Disagreement_is_lower_when_members_disagree()
    {
        var agree = new[] { P([0.8, 0.2]), P([0.8, 0.2]), P([0.8, 0.2]) };
        var split = new[] { P([0.9, 0.1]), P([0.1, 0.9]), P([0.8, 0.2]) };
        Assert.True(BaselineScores.Disagreement(split, null).Labeled[0] < BaselineScores.Disagreement(agree, null).Labeled[0]);
    }

    [Fact]
    public void Active_label_cleaning_matches_formula()
    {
        var a = L([0, 1], [1, 1]);
        var p = P([0.6, 0.4], [0.3, 0.7]);
        var s = BaselineScores.ActiveLabelCleaning(a, p);
        double ce0 = -(0.5 * Math.Log(0.6) + 0.5 * Math.Log(0.4)) / Math.Log(2);
        double h0 = -(0.6 * Math.Log(0.6) + 0.4 * Math.Log(0.4)) / Math.Log(2);
        Assert.Equal(Math.Exp(-(ce0 - h0 + 1)), s[0], 14);
    }

    [Fact]
    public void Active_learning_scores_lie_in_unit_interval()
    {
        var (a, p) = CrowdlabTests.RandomProblem(300, 8, 4, seed: 21);
        var q = CrowdlabTests.RandomProblem(100, 8, 4, seed: 22).Probs;
        var s = ActiveLabScores.Library(a, p, q);
        Assert.All(s.Labeled, x => Assert.InRange(x, 0, 1));
        Assert.All(s.Unlabeled, x => Assert.InRange(x, 0, 1));
    }

    [Fact]
    public void Unanimous_confident_example_scores_above_a_split_one()
    {
        var a = L([0, 0, 0], [0, 1, null], [1, 1, null], [1, 0, 1]);
        var p = P([0.95, 0.05], [0.5, 0.5], [0.1, 0.9], [0.4, 0.6]);
        var s = ActiveLabScores.Library(a, p, null);
        Assert.True(s.Labeled[0] > s.Labeled[1], $"unanimous {s.Labeled[0]} vs split {s.Labeled[1]}");
        var b = ActiveLabScores.BenchmarkLabeled(a, Crowdlab.GetLabelQuality(a, p), 0, rowWeightBug: false);
        Assert.True(b[0] > b[1]);
    }

    [Fact]
    public void Permuting_examples_permutes_library_scores()
    {
        var (a, p) = CrowdlabTests.RandomProblem(100, 5, 3, seed: 31);
        var perm = new Rng(4).Permutation(a.Rows);
        var s1 = ActiveLabScores.Library(a, p, null).Labeled;
        var s2 = ActiveLabScores.Library(a.SelectRows(perm), p.SelectRows(perm), null).Labeled;
        for (int i = 0; i < perm.Length; i++) Assert.Equal(s1[perm[i]], s2[i], 12);
    }

    [Fact]
    public void Ensemble_unlabeled_score_reads_the_mixture_at_the_voted_class()
    {
        var (a, p) = CrowdlabTests.RandomProblem(60, 5, 3, seed: 41);
        var p2 = CrowdlabTests.RandomProblem(60, 5, 3, seed: 42).Probs;
        var res = Crowdlab.GetLabelQualityEnsemble(a, [p, p2]);
        var q1 = P([0.7, 0.2, 0.1], [0.1, 0.1, 0.8]);
        var q2 = P([0.6, 0.3, 0.1], [0.2, 0.5, 0.3]);
        var s = ActiveLabScores.BenchmarkEnsembleUnlabeled([q1, q2], res);
        double w1 = res.ModelWeights[0], w2 = res.ModelWeights[1], wb = res.MeanAnnotatorWeight;
        Assert.Equal((w1 * 0.7 + w2 * 0.6 + wb / 3) / (w1 + w2 + wb), s[0], 12);
        // Row 1: votes 2 vs 1 tie; the mean (0.15, 0.3, 0.55) breaks it for class 2.
        Assert.Equal((w1 * 0.8 + w2 * 0.3 + wb / 3) / (w1 + w2 + wb), s[1], 12);
    }

    [Fact]
    public void Random_scores_are_deterministic_per_stream()
    {
        var key = new StreamKey(42, "wall-robot", "random", 1, 3, "scores");
        var a = BaselineScores.Random(10, 5, Rng.For(key));
        var b = BaselineScores.Random(10, 5, Rng.For(key));
        var c = BaselineScores.Random(10, 5, Rng.For(key with { Round = 4 }));
        Assert.Equal(a.Labeled, b.Labeled);
        Assert.Equal(a.Unlabeled, b.Unlabeled);
        Assert.NotEqual(a.Labeled, c.Labeled);
    }
}
