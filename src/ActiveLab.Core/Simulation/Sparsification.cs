using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Simulation;

/// <summary>
/// The two procedures that decide which annotations of a complete synthetic pool are visible at round 0 (spec §1.2):
/// S1 <see cref="KeepAtMostPerRow"/> (<c>get_random_drop_per_row_min_annotators</c>) and S2
/// <see cref="LeastAnnotations"/> (<c>get_least_annotations</c>). Wall Robot datasets apply S1 then S2 (§1.4, §1.5);
/// the single-vs-multiannotator benchmark applies S2 only (§1.7). Both keep the original's quirks on purpose.
/// Both return a new <see cref="LabelMatrix"/> with the same shape (N×M; columns that end up empty are kept), holding
/// the kept cells with their original labels.
/// </summary>
public static class Sparsification
{
    /// <summary>Number of draws per row in S1 (the original's <c>max_annotations</c>).</summary>
    public const int DefaultMaxAnnotations = 5;

    /// <summary>S2 examines a drawn annotator only when U(0,1) &gt; this value, i.e. with probability 0.97.</summary>
    public const double LeastAnnotationsSkipThreshold = 0.03;

    /// <summary>S2 drops a cell only when some other row of the same annotator has more than this many labels.</summary>
    public const int LeastAnnotationsCountThreshold = 2;

    /// <summary>
    /// S1: for every row (0..N−1, in order) draw <paramref name="maxAnnotations"/> positions uniformly without replacement
    /// from the <b>global</b> flat list of the column indices of all cells in row-major order (length N·M, each
    /// annotator N times) and keep that row's cells of the annotators found there; drop all other cells. Duplicate
    /// annotator ids are possible, so a row keeps 1..maxAnnotations distinct annotators (mean ≈ 4.68 for 5 draws out of
    /// 30 annotators). Using the global list instead of the row's own is the original's quirk (§7 item 10); it is
    /// harmless only because the pool is complete, so the pool must be complete here.
    /// </summary>
    /// <param name="completePool">N×M pool with every cell filled (N ≥ 0, M ≥ 1).</param>
    /// <param name="rng">The random stream (maxAnnotations distinct positions per row, rows in order).</param>
    /// <param name="maxAnnotations">Draws per row, 1 ≤ value ≤ N·M (default 5).</param>
    /// <exception cref="ActiveLabInputException">The pool has a missing cell, or <paramref name="maxAnnotations"/> is out of range.</exception>
    public static LabelMatrix KeepAtMostPerRow(LabelMatrix completePool, Rng rng, int maxAnnotations = DefaultMaxAnnotations)
    {
        ArgumentNullException.ThrowIfNull(completePool);
        ArgumentNullException.ThrowIfNull(rng);
        int n = completePool.Rows, m = completePool.Columns;
        for (int i = 0; i < n; i++)
            if (completePool.CountInRow(i) != m)
                throw new ActiveLabInputException(
                    $"S1 needs a complete pool, but row {i} has {completePool.CountInRow(i)} of {m} labels", "completePool", i);
        if (n == 0) return completePool;
        long population = (long)n * m;
        if (maxAnnotations < 1 || maxAnnotations > population)
            throw new ActiveLabInputException(
                $"maxAnnotations must lie in 1..{population} (N·M), got {maxAnnotations}", "maxAnnotations");
        if (population > int.MaxValue)
            throw new ActiveLabInputException($"the pool has {population} cells, more than S1 supports", "completePool");

        var builder = new LabelMatrix.Builder(n, m);
        var positions = new int[maxAnnotations];
        var kept = new bool[m];
        for (int row = 0; row < n; row++)
        {
            DrawDistinct(rng, (int)population, positions);
            Array.Clear(kept);
            foreach (int p in positions) kept[p % m] = true; // complete pool: position p holds annotator p mod M
            for (int a = 0; a < m; a++)
                if (kept[a]) builder.Add(row, a, completePool.Get(row, a));
        }
        return builder.Build();
    }

    /// <summary>
    /// S2: let c_i be the current number of labels of row i (updated as cells are dropped). For each row ex = 0..N−1
    /// with c_ex ≥ 2: take its current annotators (ascending), draw c_ex − 1 of them uniformly without replacement and,
    /// for each drawn annotator y in draw order, when U(0,1) &gt; 0.03 (probability 0.97): if some other row currently
    /// labeled by y has c &gt; 2, drop cell (ex, y) and decrement c_ex. Most rows end with one label.
    /// <para>
    /// When y labels no other row the original would fail (max of an empty set); here the cell is kept. This cannot
    /// happen with the benchmarks' pools.
    /// </para>
    /// </summary>
    /// <param name="labels">N×M label matrix (any sparsity, typically the S1 output or a complete pool).</param>
    /// <param name="rng">The random stream (per row: the draw of annotators, then one uniform per drawn annotator).</param>
    public static LabelMatrix LeastAnnotations(LabelMatrix labels, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rng);
        int n = labels.Rows, m = labels.Columns;

        // present[i][a]: cell (i, a) is still visible.
        var present = new bool[n][];
        var count = new int[n];
        // big[a] = number of rows labeled by annotator a whose current count exceeds the threshold.
        var big = new int[m];
        for (int i = 0; i < n; i++)
        {
            present[i] = new bool[m];
            foreach (int a in labels.ColumnsOfRow(i)) present[i][a] = true;
            count[i] = labels.CountInRow(i);
            if (count[i] > LeastAnnotationsCountThreshold)
                foreach (int a in labels.ColumnsOfRow(i)) big[a]++;
        }

        var annotators = new List<int>(m);
        for (int ex = 0; ex < n; ex++)
        {
            if (count[ex] < 2) continue;
            annotators.Clear();
            for (int a = 0; a < m; a++) if (present[ex][a]) annotators.Add(a);
            int[] drawn = rng.SampleWithoutReplacement(annotators.Count, annotators.Count - 1);
            foreach (int d in drawn)
            {
                int y = annotators[d];
                if (!(rng.NextDouble() > LeastAnnotationsSkipThreshold)) continue;
                int bigOthers = big[y] - (count[ex] > LeastAnnotationsCountThreshold ? 1 : 0);
                if (bigOthers <= 0) continue;

                // Drop (ex, y) and keep the big-row tallies in step with the new count of ex.
                if (count[ex] > LeastAnnotationsCountThreshold) big[y]--;
                present[ex][y] = false;
                count[ex]--;
                if (count[ex] == LeastAnnotationsCountThreshold)
                    for (int a = 0; a < m; a++) if (present[ex][a]) big[a]--;
            }
        }

        var builder = new LabelMatrix.Builder(n, m);
        for (int i = 0; i < n; i++)
        {
            var cols = labels.ColumnsOfRow(i);
            var labs = labels.LabelsOfRow(i);
            for (int e = 0; e < cols.Length; e++)
                if (present[i][cols[e]]) builder.Add(i, cols[e], labs[e]);
        }
        return builder.Build();
    }

    /// <summary>Fills <paramref name="destination"/> with distinct uniform draws from 0..population−1 (rejection; the set is uniform).</summary>
    private static void DrawDistinct(Rng rng, int population, Span<int> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            int candidate;
            do candidate = rng.NextInt(population);
            while (destination[..i].Contains(candidate));
            destination[i] = candidate;
        }
    }
}
