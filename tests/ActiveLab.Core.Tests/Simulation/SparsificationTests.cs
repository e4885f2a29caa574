using ActiveLab.Core.Randomness;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Tests.Simulation;

public class SparsificationTests
{
    private static LabelMatrix Pool(int n, double tau, ulong seed, out int[] y)
    {
        y = SimulationTestData.WallRobotLabels(n, seed);
        return SyntheticAnnotators.Generate(y, 4, tau, 30, new Rng(seed));
    }

    [Fact]
    public void KeepAtMostPerRow_KeepsOneToFiveDistinctAnnotators_MeanAbout4_7()
    {
        var pool = Pool(500, 0.85, 123, out _);
        var kept = Sparsification.KeepAtMostPerRow(pool, new Rng(1));

        Assert.Equal(pool.Rows, kept.Rows);
        Assert.Equal(pool.Columns, kept.Columns);
        for (int i = 0; i < kept.Rows; i++)
        {
            Assert.InRange(kept.CountInRow(i), 1, 5);
            var cols = kept.ColumnsOfRow(i);
            var labs = kept.LabelsOfRow(i);
            for (int e = 0; e < cols.Length; e++) Assert.Equal(pool.Get(i, cols[e]), labs[e]); // labels unchanged
        }
        // 5 draws from 30 annotators: expected distinct = 30·(1 − (29/30)^5) ≈ 4.68.
        Assert.InRange(LabelDiagnostics.MeanLabelsPerRow(kept), 4.6, 4.76);
        Assert.True(LabelDiagnostics.LabelCountHistogram(kept).Keys.Min() < 5); // duplicates do happen
    }

    [Fact]
    public void KeepAtMostPerRow_CustomMaximum()
    {
        var pool = Pool(200, 0.85, 5, out _);
        var kept = Sparsification.KeepAtMostPerRow(pool, new Rng(2), maxAnnotations: 2);
        for (int i = 0; i < kept.Rows; i++) Assert.InRange(kept.CountInRow(i), 1, 2);
    }

    [Fact]
    public void LeastAnnotations_Alone_MatchesSingleVsMultiShape()
    {
        // §1.7: S2 only on the 500×30 labeled pool → ≈ {1: 45%, 2: 32%, 3: 17%, 4: 4%, 5: 1%}, mean ≈ 1.85.
        var pool = Pool(500, 0.8, 1234, out _);
        var sparse = Sparsification.LeastAnnotations(pool, new Rng(1234));
        var h = LabelDiagnostics.LabelCountHistogram(sparse);
        double Frac(int c) => h.GetValueOrDefault(c) / 500.0;

        Assert.False(h.ContainsKey(0));
        Assert.InRange(Frac(1), 0.34, 0.52);
        Assert.InRange(Frac(2), 0.26, 0.44);
        Assert.InRange(Frac(3), 0.10, 0.24);
        Assert.InRange(Frac(4), 0.01, 0.09);
        Assert.True(h.Keys.Max() <= 8);
        Assert.InRange(LabelDiagnostics.MeanLabelsPerRow(sparse), 1.7, 2.0);
    }

    [Theory]
    [InlineData(0.85, 123UL)]
    [InlineData(0.85, 124UL)]
    [InlineData(0.80, 111UL)]
    public void S1ThenS2_LeavesMostRowsSingleLabeled(double tau, ulong seed)
    {
        var pool = Pool(500, tau, seed, out _);
        var rng = new Rng(seed);
        var sparse = Sparsification.LeastAnnotations(Sparsification.KeepAtMostPerRow(pool, rng), rng);
        var h = LabelDiagnostics.LabelCountHistogram(sparse);
        Assert.False(h.ContainsKey(0));
        Assert.True(h.Keys.Max() <= 5);
        // Spec §1.4: about 86–90 % single-labeled (binomial spread at n = 500 widens the band slightly).
        Assert.InRange(h[1] / 500.0, 0.84, 0.92);
    }

    [Fact]
    public void LeastAnnotations_DropsOnlyWhenAnotherRowOfTheAnnotatorHasMoreThanTwo()
    {
        // Every row has 2 labels, so no annotator ever has another row with > 2 labels: nothing is dropped.
        var b = new LabelMatrix.Builder(4, 3);
        b.Add(0, 0, 1).Add(0, 1, 1).Add(1, 1, 0).Add(1, 2, 0).Add(2, 0, 2).Add(2, 2, 2).Add(3, 0, 1).Add(3, 1, 1);
        var m = b.Build();
        Assert.True(SimulationTestData.SameMatrix(m, Sparsification.LeastAnnotations(m, new Rng(3))));
    }

    [Fact]
    public void LeastAnnotations_UpdatesCountsAsCellsAreDropped()
    {
        // Two rows, both labeled by the same 3 annotators. Row 0: every annotator also labels row 1 (count 3 > 2),
        // so each examined cell is dropped unless the 3 % skip fires. Row 1: row 0 now has fewer than 3 labels, so
        // nothing of row 1 can be dropped.
        int droppedInRow1 = 0, rowZeroSingle = 0;
        for (ulong seed = 0; seed < 200; seed++)
        {
            var full = LabelMatrix.FromDense(new int[,] { { 0, 1, 2 }, { 0, 1, 2 } });
            var s = Sparsification.LeastAnnotations(full, new Rng(seed));
            droppedInRow1 += 3 - s.CountInRow(1);
            if (s.CountInRow(0) == 1) rowZeroSingle++;
            Assert.InRange(s.CountInRow(0), 1, 3);
        }
        Assert.Equal(0, droppedInRow1);
        Assert.InRange(rowZeroSingle, 170, 200); // 0.97² ≈ 94 %
    }

    [Fact]
    public void Sparsification_IsDeterministicPerSeed()
    {
        var pool = Pool(300, 0.85, 9, out _);
        LabelMatrix Run(ulong seed)
        {
            var rng = new Rng(seed);
            return Sparsification.LeastAnnotations(Sparsification.KeepAtMostPerRow(pool, rng), rng);
        }
        Assert.True(SimulationTestData.SameMatrix(Run(4), Run(4)));
        Assert.False(SimulationTestData.SameMatrix(Run(4), Run(5)));
    }

    /// <summary>Direct transcription of §1.2 S2 (scans the annotator's column each time), for equivalence.</summary>
    private static LabelMatrix NaiveLeastAnnotations(LabelMatrix labels, Rng rng)
    {
        int[,] mask = labels.ToDense();
        int n = labels.Rows, m = labels.Columns;
        var count = new int[n];
        for (int i = 0; i < n; i++) count[i] = labels.CountInRow(i);
        for (int ex = 0; ex < n; ex++)
        {
            if (count[ex] < 2) continue;
            var annotators = Enumerable.Range(0, m).Where(a => mask[ex, a] >= 0).ToList();
            foreach (int d in rng.SampleWithoutReplacement(annotators.Count, annotators.Count - 1))
            {
                int y = annotators[d];
                if (!(rng.NextDouble() > 0.03)) continue;
                int maxOther = -1;
                for (int x = 0; x < n; x++) if (x != ex && mask[x, y] >= 0) maxOther = Math.Max(maxOther, count[x]);
                if (maxOther > 2) { mask[ex, y] = LabelMatrix.Missing; count[ex]--; }
            }
        }
        return LabelMatrix.FromDense(mask);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void LeastAnnotations_EqualsDirectTranscription(ulong seed)
    {
        // Random sparse matrices with varied row counts exercise the incremental bookkeeping.
        var gen = new Rng(seed);
        int n = 60, m = 8;
        var cells = new int[n, m];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < m; a++)
                cells[i, a] = gen.NextDouble() < 0.1 + 0.8 * (i % 5) / 4.0 ? gen.NextInt(4) : LabelMatrix.Missing;
        var labels = LabelMatrix.FromDense(cells);
        var fast = Sparsification.LeastAnnotations(labels, new Rng(seed + 100));
        var naive = NaiveLeastAnnotations(labels, new Rng(seed + 100));
        Assert.True(SimulationTestData.SameMatrix(naive, fast));
        Assert.True(fast.Count < labels.Count);

        var pool = Pool(150, 0.85, seed, out _);
        var s1 = Sparsification.KeepAtMostPerRow(pool, new Rng(seed));
        Assert.True(SimulationTestData.SameMatrix(
            NaiveLeastAnnotations(s1, new Rng(seed + 7)), Sparsification.LeastAnnotations(s1, new Rng(seed + 7))));
        Assert.True(SimulationTestData.SameMatrix(
            NaiveLeastAnnotations(pool, new Rng(seed + 8)), Sparsification.LeastAnnotations(pool, new Rng(seed + 8))));
    }

    [Fact]
    public void KeepAtMostPerRow_BadInput_Throws()
    {
        var b = new LabelMatrix.Builder(2, 3);
        b.Add(0, 0, 1).Add(0, 1, 1).Add(0, 2, 1).Add(1, 0, 0);
        var incomplete = b.Build();
        var ex = Assert.Throws<ActiveLabInputException>(() => Sparsification.KeepAtMostPerRow(incomplete, new Rng(1)));
        Assert.Equal(1, ex.Row);
        var complete = LabelMatrix.FromDense(new int[,] { { 0, 1 }, { 1, 0 } });
        Assert.Throws<ActiveLabInputException>(() => Sparsification.KeepAtMostPerRow(complete, new Rng(1), 0));
        Assert.Throws<ActiveLabInputException>(() => Sparsification.KeepAtMostPerRow(complete, new Rng(1), 5));
    }
}
