using ActiveLab.Core.Randomness;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Tests.Simulation;

public class NoiseMatrixTests
{
    private static readonly double[] Py = SimulationTestData.WallRobotPy;

    [Theory]
    [InlineData(0.6, 1UL)]
    [InlineData(0.7, 2UL)]
    [InlineData(0.8, 111UL)]
    [InlineData(0.85, 123UL)]
    [InlineData(0.9, 1234UL)]
    public void FromTrace_ColumnsSumToOne_TraceHolds_ValidAndNoZeroOffDiagonals(double tau, ulong seed)
    {
        const int k = 4;
        double[,] nm = NoiseMatrix.FromTrace(k, tau * k, Py, requireValid: true, new Rng(seed));

        Assert.Equal(k, nm.GetLength(0));
        Assert.Equal(k, nm.GetLength(1));
        double trace = 0;
        for (int c = 0; c < k; c++)
        {
            double column = 0;
            for (int r = 0; r < k; r++)
            {
                column += nm[r, c];
                if (r != c) Assert.True(nm[r, c] > 0, $"off-diagonal [{r},{c}] = {nm[r, c]} should be > 0");
            }
            Assert.Equal(1.0, column, 12);
            Assert.InRange(nm[c, c], NoiseMatrix.MinDiagonal - 1e-6, 1 + 1e-6);
            trace += nm[c, c];
        }
        Assert.Equal(tau * k, trace, 9);
        Assert.True(NoiseMatrix.IsValid(nm, Py));
    }

    [Fact]
    public void FromTrace_ManySeeds_AlwaysValidAndBounded()
    {
        for (ulong seed = 0; seed < 200; seed++)
        {
            double[,] nm = NoiseMatrix.FromTrace(4, 3.4, Py, true, new Rng(seed));
            Assert.True(NoiseMatrix.IsValid(nm, Py));
            for (int c = 0; c < 4; c++)
            {
                Assert.InRange(nm[c, c], 1e-5 - 1e-6, 1 + 1e-6);
                double column = 0;
                for (int r = 0; r < 4; r++) column += nm[r, c];
                Assert.Equal(1.0, column, 12);
            }
        }
    }

    [Fact]
    public void FromTrace_TenClasses_Works()
    {
        var py = Enumerable.Repeat(0.1, 10).ToArray();
        double[,] nm = NoiseMatrix.FromTrace(10, 7.0, py, true, new Rng(5));
        double trace = 0;
        for (int c = 0; c < 10; c++) trace += nm[c, c];
        Assert.Equal(7.0, trace, 9);
        Assert.True(NoiseMatrix.IsValid(nm, py));
    }

    [Fact]
    public void FromTrace_TraceEqualToK_ConvergesToIdentityWithinTolerance()
    {
        // τ = 1 (used by the single-vs-multiannotator benchmark): the repair loop drives the diagonal to ≈ 1.
        double[,] nm = NoiseMatrix.FromTrace(4, 4.0, Py, true, new Rng(42));
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                Assert.Equal(r == c ? 1.0 : 0.0, nm[r, c], 5);
        Assert.True(NoiseMatrix.IsValid(nm, Py));
    }

    [Fact]
    public void FromTrace_TwoClasses_SpecialCase()
    {
        double[,] nm = NoiseMatrix.FromTrace(2, 1.5, ReadOnlySpan<double>.Empty, true, new Rng(3));
        Assert.Equal(1.5, nm[0, 0] + nm[1, 1], 12);
        Assert.Equal(1.0, nm[0, 0] + nm[1, 0], 12);
        Assert.Equal(1.0, nm[0, 1] + nm[1, 1], 12);
        Assert.True(NoiseMatrix.IsValid(nm, [0.3, 0.7]));
    }

    [Fact]
    public void FromTrace_IsDeterministicPerSeed()
    {
        double[,] a = NoiseMatrix.FromTrace(4, 3.4, Py, true, new Rng(9));
        double[,] b = NoiseMatrix.FromTrace(4, 3.4, Py, true, new Rng(9));
        double[,] c = NoiseMatrix.FromTrace(4, 3.4, Py, true, new Rng(10));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void RepairLoops_KeepSumAndBounds()
    {
        var rng = new Rng(77);
        for (int t = 0; t < 500; t++)
        {
            double[] p = RandomProbabilities.SummingTo(4, 3.6, 1.0, 1e-5, rng);
            Assert.Equal(3.6, p.Sum(), 9);
            Assert.All(p, v => Assert.InRange(v, 1e-5 - 1e-6, 1 + 1e-6));
        }
    }

    [Fact]
    public void IsValid_RejectsUnlearnableMatrix()
    {
        // Columns sum to 1 but class 0 is mostly labeled as 1: p(s=0)p(y=0) >= p(s=0, y=0).
        double[,] bad = { { 0.1, 0.5 }, { 0.9, 0.5 } };
        Assert.False(NoiseMatrix.IsValid(bad, [0.5, 0.5]));
        // Joint does not sum to 1.
        double[,] notStochastic = { { 0.9, 0.1 }, { 0.0, 0.8 } };
        Assert.False(NoiseMatrix.IsValid(notStochastic, [0.5, 0.5]));
    }

    [Fact]
    public void FromTrace_BadInput_Throws()
    {
        var rng = new Rng(1);
        Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(1, 1.0, [1.0], false, rng));
        Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(4, 1.0, Py, true, rng));   // trace <= 1
        Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(4, 4.5, Py, true, rng));   // trace > K
        Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(4, double.NaN, Py, true, rng));
        Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(4, 3.4, [0.5, 0.5], true, rng)); // wrong length
        Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(4, 3.4, ReadOnlySpan<double>.Empty, true, rng));
        Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(4, 3.4, [0.5, 0.5, 0.0, 0.0], true, rng)); // absent class
        Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(4, 3.4, [0.5, 0.5, 0.5, 0.5], true, rng)); // sum != 1
        Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(4, 3.4, Py, true, rng, maxAttempts: 0));
    }

    [Fact]
    public void FromTrace_NoValidMatrix_ThrowsClearError()
    {
        // A dominant class with a trace barely above 1 makes validity (almost) impossible.
        double[] py = [0.97, 0.01, 0.01, 0.01];
        var ex = Assert.Throws<ActiveLabInputException>(() => NoiseMatrix.FromTrace(4, 1.01, py, true, new Rng(1), maxAttempts: 50));
        Assert.Contains("no valid", ex.Message);
    }

    [Fact]
    public void FromTrace_WithoutValidity_IgnoresPy()
    {
        double[,] nm = NoiseMatrix.FromTrace(4, 0.5, ReadOnlySpan<double>.Empty, false, new Rng(2));
        double trace = 0;
        for (int c = 0; c < 4; c++) trace += nm[c, c];
        Assert.Equal(0.5, trace, 9);
    }
}
