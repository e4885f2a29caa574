using ActiveLab.Core.Randomness;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Tests.Simulation;

public class NoisyLabelsTests
{
    [Theory]
    [InlineData(500, 0.85, 123UL)]
    [InlineData(2000, 0.6, 7UL)]
    public void Generate_FlipsExactlyThePredictedCountsPerCell(int n, double tau, ulong seed)
    {
        int[] y = SimulationTestData.WallRobotLabels(n, seed);
        double[] py = SyntheticAnnotators.ClassFrequencies(y, 4);
        double[,] nm = NoiseMatrix.FromTrace(4, tau * 4, py, true, new Rng(seed));
        int[,] expected = NoisyLabels.ErrorCounts(y, nm);

        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 4; k++)
                Assert.Equal(j == k ? 0 : (int)Math.Floor(nm[j, k] * py[k] * n), expected[j, k]);

        var rng = new Rng(seed + 1);
        for (int repeat = 0; repeat < 3; repeat++)
        {
            int[] noisy = NoisyLabels.Generate(y, nm, rng);
            var observed = new int[4, 4];
            for (int i = 0; i < n; i++)
                if (noisy[i] != y[i]) observed[noisy[i], y[i]]++;
            Assert.Equal(expected, observed);
        }
    }

    [Fact]
    public void EveryAnnotatorOfAPool_HasIdenticalAccuracyOnTheFullPool()
    {
        int[] y = SimulationTestData.WallRobotLabels(600, 3);
        var pool = SyntheticAnnotators.Generate(y, 4, 0.8, 30, new Rng(3), out double[,] nm);
        double[] accuracies = LabelDiagnostics.AnnotatorAccuracies(pool, y);

        int[,] counts = NoisyLabels.ErrorCounts(y, nm);
        int errors = 0;
        foreach (int c in counts) errors += c;
        double expected = (600 - errors) / 600.0;
        Assert.All(accuracies, a => Assert.Equal(expected, a, 12));

        // Annotators differ in which examples they get wrong.
        Assert.False(Enumerable.Range(0, pool.Rows).All(i => pool.Get(i, 0) == pool.Get(i, 1)));
    }

    [Fact]
    public void Generate_IsDeterministicPerSeed()
    {
        int[] y = SimulationTestData.WallRobotLabels(300, 1);
        double[,] nm = NoiseMatrix.FromTrace(4, 2.8, SyntheticAnnotators.ClassFrequencies(y, 4), true, new Rng(1));
        Assert.Equal(NoisyLabels.Generate(y, nm, new Rng(5)), NoisyLabels.Generate(y, nm, new Rng(5)));
        Assert.NotEqual(NoisyLabels.Generate(y, nm, new Rng(5)), NoisyLabels.Generate(y, nm, new Rng(6)));
    }

    [Fact]
    public void Generate_IdentityMatrix_ReturnsTrueLabels()
    {
        int[] y = [0, 1, 2, 2, 1, 0];
        double[,] identity = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        Assert.Equal(y, NoisyLabels.Generate(y, identity, new Rng(1)));
    }

    [Fact]
    public void Generate_BadInput_Throws()
    {
        double[,] nm = { { 0.8, 0.3 }, { 0.2, 0.7 } };
        var rng = new Rng(1);
        Assert.Throws<ActiveLabInputException>(() => NoisyLabels.Generate([], nm, rng));
        Assert.Throws<ActiveLabInputException>(() => NoisyLabels.Generate([0, 2], nm, rng));
        Assert.Throws<ActiveLabInputException>(() => NoisyLabels.Generate([0, -1], nm, rng));
        double[,] rowStochastic = { { 0.8, 0.2 }, { 0.3, 0.7 } }; // rows sum to 1, columns do not
        var ex = Assert.Throws<ActiveLabInputException>(() => NoisyLabels.Generate([0, 1], rowStochastic, rng));
        Assert.Contains("column", ex.Message);
        Assert.Throws<ActiveLabInputException>(() => NoisyLabels.Generate([0, 1], new double[2, 3], rng));
        Assert.Throws<ActiveLabInputException>(() => NoisyLabels.Generate([0, 1], new double[,] { { 1.2, 0 }, { -0.2, 1 } }, rng));
    }
}
