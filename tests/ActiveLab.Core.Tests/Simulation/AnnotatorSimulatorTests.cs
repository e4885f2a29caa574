using ActiveLab.Core.Randomness;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Tests.Simulation;

public class AnnotatorSimulatorTests
{
    private static (LabelMatrix Current, LabelMatrix Pool) WallRobotSetup()
    {
        int[] y = SimulationTestData.WallRobotLabels(200, 8);
        var rng = new Rng(8);
        var pool = SyntheticAnnotators.Generate(y, 4, 0.7, 30, rng);
        var current = Sparsification.LeastAnnotations(Sparsification.KeepAtMostPerRow(pool, rng), rng);
        return (current, pool);
    }

    [Fact]
    public void AddAnnotator_AppendsOneColumnWithOneLabelPerRequestedRowFromThatRowsPool()
    {
        var (current, pool) = WallRobotSetup();
        int[] rows = [5, 0, 199, 42, 17];
        var round = AnnotatorSimulator.AddAnnotator(current, pool, rows, new Rng(1));

        Assert.Equal(current.Rows, round.Labels.Rows);
        Assert.Equal(current.Columns + 1, round.Labels.Columns);
        Assert.Equal(current.Columns, round.NewColumn);
        Assert.Equal(current.Count + rows.Length, round.Labels.Count);
        Assert.Equal(rows, round.Drawn.Select(d => d.Row));
        foreach (var (row, label) in round.Drawn)
        {
            Assert.Equal(label, round.Labels.Get(row, round.NewColumn));
            Assert.Contains(label, pool.LabelsOfRow(row).ToArray());
        }
        for (int i = 0; i < current.Rows; i++)
        {
            if (!rows.Contains(i)) Assert.Equal(LabelMatrix.Missing, round.Labels.Get(i, round.NewColumn));
            for (int c = 0; c < current.Columns; c++) Assert.Equal(current.Get(i, c), round.Labels.Get(i, c)); // old cells kept
        }
    }

    [Fact]
    public void AddAnnotator_DrawsUniformlyWithReplacementAcrossRounds()
    {
        // One row whose pool holds labels 0,0,1,2: frequencies ≈ 1/2, 1/4, 1/4 over many rounds, never exhausted.
        var pool = LabelPool.FromRows([new[] { 0, 0, 1, 2 }]);
        var a = LabelMatrix.FromSingleColumn([0]);
        var rng = new Rng(11);
        var counts = new int[3];
        const int rounds = 400;
        for (int t = 0; t < rounds; t++)
        {
            var round = AnnotatorSimulator.AddAnnotator(a, pool, [0], rng);
            counts[round.Drawn[0].Label]++;
            a = round.Labels;
        }
        Assert.Equal(rounds + 1, a.Columns);
        Assert.Equal(rounds + 1, a.CountInRow(0));
        Assert.InRange(counts[0], 160, 240);
        Assert.InRange(counts[1], 70, 130);
        Assert.InRange(counts[2], 70, 130);
    }

    [Fact]
    public void AddAnnotator_VariablePoolSizes_CifarStyle()
    {
        var pool = LabelPool.FromRows([new[] { 3 }, new[] { 1, 1, 1, 1, 1, 1 }, Array.Empty<int>(), new[] { 7, 9 }]);
        var a = new LabelMatrix.Builder(4, 2).Add(0, 0, 3).Add(1, 1, 1).Build();
        var round = AnnotatorSimulator.AddAnnotator(a, pool, [3, 0, 1], new Rng(2));
        Assert.Equal(3, round.Labels.Get(0, 2));
        Assert.Equal(1, round.Labels.Get(1, 2));
        Assert.Contains(round.Labels.Get(3, 2), new[] { 7, 9 });
        Assert.Equal(LabelMatrix.Missing, round.Labels.Get(2, 2)); // empty pool row is fine when not requested
    }

    [Fact]
    public void AddAnnotator_EmptyRequest_StillAppendsAnEmptyColumn()
    {
        var (current, pool) = WallRobotSetup();
        var round = AnnotatorSimulator.AddAnnotator(current, pool, ReadOnlySpan<int>.Empty, new Rng(1));
        Assert.Equal(current.Columns + 1, round.Labels.Columns);
        Assert.Equal(current.Count, round.Labels.Count);
        Assert.Empty(round.Drawn);
    }

    [Fact]
    public void AddAnnotator_IsDeterministicPerSeed()
    {
        var (current, pool) = WallRobotSetup();
        int[] rows = Enumerable.Range(0, 100).ToArray();
        var a = AnnotatorSimulator.AddAnnotator(current, pool, rows, new Rng(3));
        var b = AnnotatorSimulator.AddAnnotator(current, pool, rows, new Rng(3));
        var c = AnnotatorSimulator.AddAnnotator(current, pool, rows, new Rng(4));
        Assert.Equal(a.Drawn, b.Drawn);
        Assert.True(SimulationTestData.SameMatrix(a.Labels, b.Labels));
        Assert.NotEqual(a.Drawn, c.Drawn);
    }

    [Fact]
    public void AddAnnotator_BadInput_Throws()
    {
        var pool = LabelPool.FromRows([new[] { 0, 1 }, Array.Empty<int>(), new[] { 2 }]);
        var a = new LabelMatrix.Builder(3, 1).Add(0, 0, 0).Build();
        var rng = new Rng(1);

        var outOfRange = Assert.Throws<ActiveLabInputException>(() => AnnotatorSimulator.AddAnnotator(a, pool, [3], rng));
        Assert.Equal(3, outOfRange.Row);
        Assert.Throws<ActiveLabInputException>(() => AnnotatorSimulator.AddAnnotator(a, pool, [-1], rng));
        var empty = Assert.Throws<ActiveLabInputException>(() => AnnotatorSimulator.AddAnnotator(a, pool, [0, 1], rng));
        Assert.Equal(1, empty.Row);
        Assert.Contains("no labels", empty.Message);
        var duplicate = Assert.Throws<ActiveLabInputException>(() => AnnotatorSimulator.AddAnnotator(a, pool, [2, 0, 2], rng));
        Assert.Contains("twice", duplicate.Message);
        var misaligned = LabelPool.FromRows([new[] { 0 }]);
        Assert.Throws<ActiveLabInputException>(() => AnnotatorSimulator.AddAnnotator(a, misaligned, [0], rng));
    }
}
