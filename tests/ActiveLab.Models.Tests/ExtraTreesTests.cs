using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.Tests;

public class ExtraTreesTests
{
    private static (Matrix X, int[] Y) RandomPoints(int n, int features, int classes, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new Matrix(n, features);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = rng.NextDouble();
        var y = new int[n];
        for (int i = 0; i < n; i++) y[i] = rng.NextInt(classes);
        return (x, y);
    }

    private static ExtraTreesModel Fit(ExtraTreesOptions options, Matrix x, int[] y, int k, ulong seed = 1) =>
        (ExtraTreesModel)new ExtraTreesClassifierFactory(options).Fit(x, y, k, new Rng(seed));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    [InlineData(9, 3)]
    [InlineData(24, 4)]
    public void MaxFeatures_DefaultsToFloorSqrt(int features, int expected) =>
        Assert.Equal(expected, new ExtraTreesOptions().ResolveMaxFeatures(features));

    [Theory]
    [InlineData(4, null, 2)]
    [InlineData(9, null, 3)]
    [InlineData(9, 1, 1)]
    [InlineData(3, 3, 3)]
    public void EachSplit_ScoresMaxFeaturesFeatures(int features, int? maxFeatures, int expected)
    {
        // Continuous random features are never constant in a node of ≥ 2 rows, so exactly max_features are scored.
        var (x, y) = RandomPoints(300, features, 3, seed: 7);
        var model = Fit(new ExtraTreesOptions { Trees = 10, MaxFeatures = maxFeatures }, x, y, 3);
        Assert.Equal(expected, model.MeanFeaturesEvaluatedPerSplit, 12);
    }

    [Fact]
    public void DistinctPoints_AreFittedPerfectly_WithPureLeaves()
    {
        // Random labels on distinct points: only fully grown trees with pure leaves reproduce them, in every tree.
        var (x, y) = RandomPoints(400, 4, 4, seed: 3);
        var model = Fit(new ExtraTreesOptions(), x, y, 4);
        Assert.Equal(100, model.TreeCount);
        var proba = model.PredictProba(x);
        for (int i = 0; i < x.Rows; i++)
            for (int c = 0; c < 4; c++)
                Assert.Equal(c == y[i] ? 1.0 : 0.0, proba[i, c]);
    }

    [Fact]
    public void ConstantFeatures_AreSkipped_NotTurnedIntoLeaves()
    {
        // Only feature 2 of 4 varies. With max_features = 2, a node that drew two constant features must keep
        // drawing (as sklearn does) — otherwise it would stop as an impure leaf and training accuracy would drop.
        var rng = new Rng(9);
        int n = 300;
        var x = new Matrix(n, 4);
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = 1.0;
            x[i, 1] = -2.0;
            x[i, 2] = rng.NextDouble();
            x[i, 3] = 5.0;
            y[i] = rng.NextInt(3);
        }
        var model = Fit(new ExtraTreesOptions(), x, y, 3);
        Assert.Equal(1.0, model.Accuracy(x, y));
        Assert.Equal(1.0, model.MeanFeaturesEvaluatedPerSplit, 12);
    }

    [Fact]
    public void DuplicateRowsWithDifferentLabels_GiveFractionalLeaves()
    {
        var x = Matrix.FromRows([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [5.0, 1.0]]);
        var model = Fit(new ExtraTreesOptions(), x, [0, 1, 1, 1], 2);
        var proba = model.PredictProba(Matrix.FromRows([[0.0, 0.0], [5.0, 1.0]]));
        Assert.Equal(1.0 / 3, proba[0, 0], 12);
        Assert.Equal(2.0 / 3, proba[0, 1], 12);
        Assert.Equal(1.0, proba[1, 1], 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(21)]
    [InlineData(300)]
    public void ManyRowsAtOnce_EqualOneRowAtATime_BitForBit(int rows)
    {
        // PredictProba walks eight rows in lockstep (the rest one by one): the same leaves, the same sums. Duplicated
        // training rows with mixed labels give mixed leaves; NaN and infinite queries go right at every split.
        var (x, y) = RandomPoints(400, 3, 4, seed: 11);
        for (int i = 0; i < 40; i++) { x.Data[(i + 40) * 3] = x.Data[i * 3]; x.Data[(i + 40) * 3 + 1] = x.Data[i * 3 + 1]; x.Data[(i + 40) * 3 + 2] = x.Data[i * 3 + 2]; }
        var model = Fit(new ExtraTreesOptions { Trees = 30 }, x, y, 5);
        var (query, _) = RandomPoints(rows, 3, 4, seed: 12);
        query.Data[0] = double.NaN;
        if (rows > 3) query.Data[4] = double.PositiveInfinity;
        if (rows > 5) query.Data[8] = double.NegativeInfinity;
        var all = model.PredictProba(query);
        for (int i = 0; i < rows; i++)
        {
            var one = model.PredictProba(Matrix.FromRows([[query[i, 0], query[i, 1], query[i, 2]]]));
            for (int c = 0; c < 5; c++) Assert.Equal(BitConverter.DoubleToInt64Bits(one[0, c]), BitConverter.DoubleToInt64Bits(all[i, c]));
        }
        ProbabilityAssert.ValidRows(all, 5);
    }

    [Fact]
    public void Probabilities_AreMeansOverTrees()
    {
        var (x, y) = TestData.Blobs(300, 2, 3, seed: 5, spread: 1.5);
        var model = Fit(new ExtraTreesOptions { Trees = 20 }, x, y, 3);
        var (query, _) = TestData.Blobs(100, 2, 3, seed: 6, spread: 2.0);
        var proba = model.PredictProba(query);
        ProbabilityAssert.ValidRows(proba, 3);
        // Training points are distinct, so every leaf is pure and each probability is a multiple of 1/20.
        foreach (double p in proba.Data) Assert.Equal(Math.Round(p * 20), p * 20, 9);
    }

    [Fact]
    public void MaxDepthZero_PredictsClassFrequencies()
    {
        var (x, y) = RandomPoints(100, 3, 3, seed: 8);
        var model = Fit(new ExtraTreesOptions { MaxDepth = 0, Trees = 3 }, x, y, 3);
        var proba = model.PredictProba(x);
        for (int c = 0; c < 3; c++) Assert.Equal(y.Count(v => v == c) / 100.0, proba[0, c], 12);
        Assert.Equal(3, model.NodeCount);
    }

    [Fact]
    public void MinSamplesLeaf_LimitsTreeSize()
    {
        var (x, y) = RandomPoints(200, 4, 2, seed: 4);
        var full = Fit(new ExtraTreesOptions { Trees = 5 }, x, y, 2);
        var coarse = Fit(new ExtraTreesOptions { Trees = 5, MinSamplesLeaf = 20 }, x, y, 2);
        // A binary tree with leaves of ≥ 20 of 200 rows has at most 10 leaves, 19 nodes.
        for (int t = 0; t < 5; t++) Assert.True(coarse.NodeCountOfTree(t) <= 19, $"tree {t}: {coarse.NodeCountOfTree(t)} nodes");
        Assert.True(full.NodeCount > coarse.NodeCount);
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExtraTreesClassifierFactory(new ExtraTreesOptions { Trees = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExtraTreesClassifierFactory(new ExtraTreesOptions { MinSamplesSplit = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExtraTreesClassifierFactory(new ExtraTreesOptions { MaxFeatures = 0 }));
    }
}
