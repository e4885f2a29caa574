using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.Tests;

public class KNeighborsTests
{
    // 1-D training set: x = 0, 1, 3, 6, 10, 20 with labels 0, 0, 1, 1, 0, 1.
    private static readonly Matrix LineX = Matrix.FromRows([[0.0], [1.0], [3.0], [6.0], [10.0], [20.0]]);
    private static readonly int[] LineY = [0, 0, 1, 1, 0, 1];

    private static Matrix Predict(KNeighborsOptions options, Matrix x, int[] y, int k, params double[][] queries) =>
        new KNeighborsClassifierFactory(options).Fit(x, y, k, new Rng(0)).PredictProba(Matrix.FromRows(queries));

    [Fact]
    public void DistanceWeighting_MatchesHandComputation()
    {
        // Query 2: distances 2, 1, 1, 4, 8, 18 → the 5 nearest are x = 1, 3, 0, 6, 10.
        // Class 0: 1/1 + 1/2 + 1/8 = 1.625; class 1: 1/1 + 1/4 = 1.25; total 2.875.
        var proba = Predict(new KNeighborsOptions(), LineX, LineY, 2, [2.0]);
        Assert.Equal(1.625 / 2.875, proba[0, 0], 12);
        Assert.Equal(1.25 / 2.875, proba[0, 1], 12);
    }

    [Fact]
    public void Distance_IsEuclidean()
    {
        var x = Matrix.FromRows([[0.0, 0.0], [3.0, 4.0]]);
        var proba = Predict(new KNeighborsOptions(), x, [0, 1], 2, [0.0, 1.0]);
        double d0 = 1, d1 = Math.Sqrt(9 + 9);
        Assert.Equal(1 / d0 / (1 / d0 + 1 / d1), proba[0, 0], 12);
        Assert.Equal(1 / d1 / (1 / d0 + 1 / d1), proba[0, 1], 12);
    }

    [Fact]
    public void ZeroDistanceNeighbour_TakesAllTheWeight()
    {
        var proba = Predict(new KNeighborsOptions(), LineX, LineY, 2, [3.0]);
        Assert.Equal(0.0, proba[0, 0]);
        Assert.Equal(1.0, proba[0, 1]);
    }

    [Fact]
    public void SeveralZeroDistanceNeighbours_CountOnceEach()
    {
        // Three copies of x = 3 (labels 1, 0, 0) plus others: only the copies vote, each with weight 1.
        var x = LineX.AppendRows(Matrix.FromRows([[3.0], [3.0]]));
        int[] y = [.. LineY, 0, 0];
        var proba = Predict(new KNeighborsOptions(), x, y, 3, [3.0]);
        Assert.Equal(2.0 / 3, proba[0, 0], 12);
        Assert.Equal(1.0 / 3, proba[0, 1], 12);
        Assert.Equal(0.0, proba[0, 2]);
    }

    [Fact]
    public void UniformWeights_CountNeighbours()
    {
        var proba = Predict(new KNeighborsOptions { Neighbors = 3, DistanceWeighted = false }, LineX, LineY, 2, [2.0]);
        Assert.Equal(2.0 / 3, proba[0, 0], 12);  // x = 1, 0 (class 0) and 3 (class 1)
        Assert.Equal(1.0 / 3, proba[0, 1], 12);
    }

    [Fact]
    public void EqualDistances_PreferTheEarlierTrainingRow()
    {
        // k = 1, query 2: x = 1 (row 1, class 0) and x = 3 (row 2, class 1) are both at distance 1.
        var proba = Predict(new KNeighborsOptions { Neighbors = 1 }, LineX, LineY, 2, [2.0]);
        Assert.Equal(1.0, proba[0, 0]);
    }

    [Fact]
    public void MoreNeighboursThanRows_UsesAllRows()
    {
        var x = Matrix.FromRows([[0.0], [1.0], [4.0]]);
        var proba = Predict(new KNeighborsOptions(), x, [0, 1, 1], 2, [2.0]);
        double w0 = 1 / 2.0, w1 = 1 / 1.0 + 1 / 2.0;
        Assert.Equal(w0 / (w0 + w1), proba[0, 0], 12);
    }

    [Fact]
    public void Model_DoesNotDependOnLaterChangesToTheTrainingMatrix()
    {
        var x = LineX.Clone();
        var model = new KNeighborsClassifierFactory().Fit(x, LineY, 2, new Rng(0));
        var before = model.PredictProba(Matrix.FromRows([[2.0]]));
        Array.Fill(x.Data, 100.0);
        ProbabilityAssert.Equal(before, model.PredictProba(Matrix.FromRows([[2.0]])));
    }
}

/// <summary>The SIMD distance path for wide feature rows (image features) against a brute-force reference.</summary>
public class KNeighborsWideFeaturesTests
{
    [Theory]
    [InlineData(KNeighborsModel.WideFeatures)]      // exactly SIMD lanes
    [InlineData(KNeighborsModel.WideFeatures + 3)]  // plus a scalar tail
    [InlineData(512)]
    public void Wide_rows_match_a_brute_force_reference(int features)
    {
        var rng = new Rng(42);
        int n = 200, queries = 30, classes = 3;
        var x = new Matrix(n, features);
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % classes;
            for (int c = 0; c < features; c++) x[i, c] = rng.NextDouble() + (c % classes == y[i] ? 0.3 : 0);
        }
        var q = new Matrix(queries, features);
        for (int i = 0; i < queries; i++)
            for (int c = 0; c < features; c++) q[i, c] = rng.NextDouble();
        var options = new KNeighborsOptions();
        var proba = new KNeighborsClassifierFactory(options).Fit(x, y, classes, new Rng(0)).PredictProba(q);

        for (int i = 0; i < queries; i++)
        {
            var nearest = Enumerable.Range(0, n)
                .Select(j => (j, d: Math.Sqrt(Enumerable.Range(0, features).Sum(c => (x[j, c] - q[i, c]) * (x[j, c] - q[i, c])))))
                .OrderBy(t => t.d).ThenBy(t => t.j).Take(options.Neighbors).ToArray();
            var votes = new double[classes];
            foreach (var (j, d) in nearest) votes[y[j]] += 1 / d;
            double total = votes.Sum();
            for (int c = 0; c < classes; c++) Assert.Equal(votes[c] / total, proba[i, c], 10);
        }
    }
}
