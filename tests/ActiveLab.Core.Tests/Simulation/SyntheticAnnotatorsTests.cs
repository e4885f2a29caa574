using ActiveLab.Core.Randomness;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Tests.Simulation;

public class SyntheticAnnotatorsTests
{
    [Fact]
    public void Generate_ReturnsCompletePoolAlignedWithTrueLabels()
    {
        int[] y = SimulationTestData.WallRobotLabels(500, 123);
        var pool = SyntheticAnnotators.Generate(y, 4, 0.85, 30, new Rng(123));
        Assert.Equal(500, pool.Rows);
        Assert.Equal(30, pool.Columns);
        Assert.Equal(500 * 30, pool.Count);
        Assert.InRange(pool.MaxLabel(), 0, 3);
        double agreement = Enumerable.Range(0, 500).Average(i => pool.Get(i, 7) == y[i] ? 1.0 : 0.0);
        Assert.InRange(agreement, 0.6, 1.0);
    }

    [Fact]
    public void Generate_SameSeedIdentical_DifferentSeedDifferent()
    {
        int[] y = SimulationTestData.WallRobotLabels(400, 1);
        var a = SyntheticAnnotators.Generate(y, 4, 0.8, 30, new Rng(111));
        var b = SyntheticAnnotators.Generate(y, 4, 0.8, 30, new Rng(111));
        var c = SyntheticAnnotators.Generate(y, 4, 0.8, 30, new Rng(112));
        Assert.True(SimulationTestData.SameMatrix(a, b));
        Assert.False(SimulationTestData.SameMatrix(a, c));
    }

    [Fact]
    public void Generate_TauOne_IsNoiseFree()
    {
        int[] y = SimulationTestData.WallRobotLabels(500, 4);
        var pool = SyntheticAnnotators.Generate(y, 4, 1.0, 5, new Rng(4));
        Assert.All(LabelDiagnostics.AnnotatorAccuracies(pool, y), a => Assert.Equal(1.0, a));
    }

    [Fact]
    public void Generate_SingleAnnotator_AccuracyNearExpected()
    {
        // §1.8: one annotator with τ = 0.6; accuracy = 1 − (exact error count)/n.
        int[] y = SimulationTestData.WallRobotLabels(2000, 0);
        var pool = SyntheticAnnotators.Generate(y, 4, 0.6, 1, new Rng(0), out double[,] nm);
        Assert.Equal(1, pool.Columns);
        double[] py = SyntheticAnnotators.ClassFrequencies(y, 4);
        double expected = Enumerable.Range(0, 4).Sum(k => py[k] * nm[k, k]);
        Assert.InRange(LabelDiagnostics.AnnotatorAccuracies(pool, y)[0], expected - 0.01, expected + 0.01);
    }

    [Fact]
    public void Generate_BadInput_Throws()
    {
        int[] y = SimulationTestData.WallRobotLabels(100, 1);
        var rng = new Rng(1);
        Assert.Throws<ActiveLabInputException>(() => SyntheticAnnotators.Generate(y, 4, 0.2, 30, rng));  // trace <= 1
        Assert.Throws<ActiveLabInputException>(() => SyntheticAnnotators.Generate(y, 4, 1.1, 30, rng));
        Assert.Throws<ActiveLabInputException>(() => SyntheticAnnotators.Generate(y, 4, 0.8, 0, rng));
        Assert.Throws<ActiveLabInputException>(() => SyntheticAnnotators.Generate(y, 3, 0.8, 30, rng));  // label 3 out of range
        Assert.Throws<ActiveLabInputException>(() => SyntheticAnnotators.Generate(y, 5, 0.8, 30, rng));  // class 4 absent
        Assert.Throws<ActiveLabInputException>(() => SyntheticAnnotators.Generate([], 4, 0.8, 30, rng));
    }
}
