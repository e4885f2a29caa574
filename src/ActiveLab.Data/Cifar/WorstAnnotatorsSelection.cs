using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Data;

/// <summary>
/// The CIFAR-10H "worst annotators" procedure that picks the visible labels of the 1000 labeled images from the raw
/// per-annotator matrix (spec §1.6 steps 1–5; the original is unseeded, here every draw comes from one stream).
/// </summary>
public static class WorstAnnotatorsSelection
{
    /// <summary>Annotators whose labels are all kept first (step 2).</summary>
    public const int WorstAnnotators = 50;

    /// <summary>A later annotator only contributes to images with fewer labels than this (step 3), and the drop phase
    /// visits images with at least this many labels (step 4).</summary>
    public const int LabelCap = 3;

    /// <summary>Probability that a drawn annotator's label is dropped when safe (step 4).</summary>
    public const double DropProbability = 0.95;

    /// <summary>
    /// Runs the procedure on <paramref name="raw"/> (N_L × M: the raw rows of the labeled images).
    /// <list type="number">
    /// <item>Accuracy of every annotator on these rows (correct / count, NaN without labels); annotators sorted by
    /// accuracy ascending, NaN last, ties by column index.</item>
    /// <item>All labels of the first 50 annotators are kept.</item>
    /// <item>The remaining annotators are scanned in order, stopping as soon as every row has a label; an annotator is
    /// added only when the sum of the current counts of his rows exceeds the number of his rows, and then only on his
    /// rows with fewer than 3 labels. The original's while-loop can scan again; here up to 2 such passes run, then (only
    /// if rows are still uncovered — not expected on CIFAR-10H) a last pass without the sum condition, so every row ends
    /// with ≥ 1 label.</item>
    /// <item>Drop phase, rows ascending, for every row with ≥ 3 labels: draw count − 1 of its annotators without
    /// replacement; for each, with probability 0.95 (one uniform per drawn annotator), drop his label when it is safe:
    /// for every annotator a of the row (as listed before this row's drops), the other rows a labels are more than
    /// one, their maximum count exceeds 2, and their count sum exceeds their number + 1.</item>
    /// <item>Empty annotator columns are removed (remaining columns keep their order).</item>
    /// </list>
    /// Draws, in order: per row of step 4, the annotator sample then the uniforms.
    /// </summary>
    /// <param name="raw">Raw labels of the labeled images (N_L × M).</param>
    /// <param name="yTrue">True labels (length N_L).</param>
    /// <param name="rng">The "initial-labels" stream.</param>
    /// <param name="annotatorIds">Column index in <paramref name="raw"/> of every kept column.</param>
    /// <returns>N_L × M' visible labels (M' = number of annotators that kept a label; 334 in the original).</returns>
    public static LabelMatrix Select(LabelMatrix raw, ReadOnlySpan<int> yTrue, Rng rng, out int[] annotatorIds)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(rng);
        int n = raw.Rows, m = raw.Columns;
        if (yTrue.Length != n) throw new ArgumentException($"yTrue has {yTrue.Length} entries, raw has {n} rows", nameof(yTrue));

        // Rows of each annotator, and accuracy.
        var rowsOf = new List<int>[m];
        for (int a = 0; a < m; a++) rowsOf[a] = new List<int>();
        var correct = new int[m];
        for (int i = 0; i < n; i++)
        {
            var cols = raw.ColumnsOfRow(i);
            var labs = raw.LabelsOfRow(i);
            for (int e = 0; e < cols.Length; e++)
            {
                rowsOf[cols[e]].Add(i);
                if (labs[e] == yTrue[i]) correct[cols[e]]++;
            }
        }
        var accuracy = new double[m];
        for (int a = 0; a < m; a++) accuracy[a] = rowsOf[a].Count == 0 ? double.NaN : correct[a] / (double)rowsOf[a].Count;
        int[] order = Enumerable.Range(0, m)
            .OrderBy(a => double.IsNaN(accuracy[a]) ? 1 : 0)
            .ThenBy(a => double.IsNaN(accuracy[a]) ? 0 : accuracy[a])
            .ThenBy(a => a)
            .ToArray();

        // selected[i] = annotators whose label of row i is visible.
        var selected = new SortedSet<int>[n];
        for (int i = 0; i < n; i++) selected[i] = new SortedSet<int>();
        var visibleRowsOf = new HashSet<int>[m];
        for (int a = 0; a < m; a++) visibleRowsOf[a] = new HashSet<int>();
        void Add(int row, int a)
        {
            if (selected[row].Add(a)) visibleRowsOf[a].Add(row);
        }

        int initial = Math.Min(WorstAnnotators, m);
        for (int p = 0; p < initial; p++)
            foreach (int row in rowsOf[order[p]]) Add(row, order[p]);

        bool Covered() => selected.All(s => s.Count > 0);
        for (int pass = 0; pass < 3 && !Covered(); pass++)
        {
            bool requireOverlap = pass < 2;
            for (int p = initial; p < m && !Covered(); p++)
            {
                int a = order[p];
                var rows = rowsOf[a];
                if (rows.Count == 0) continue;
                long sum = 0;
                foreach (int r in rows) sum += selected[r].Count;
                if (requireOverlap && sum <= rows.Count) continue;
                foreach (int r in rows)
                    if (selected[r].Count < LabelCap) Add(r, a);
            }
        }
        for (int i = 0; i < n; i++)
            if (selected[i].Count == 0)
                throw new InvalidOperationException($"labeled image row {i} has no raw label at all");

        // Drop phase.
        for (int ex = 0; ex < n; ex++)
        {
            int count = selected[ex].Count;
            if (count < LabelCap) continue;
            int[] annotators = selected[ex].ToArray();
            int[] drawn = rng.SampleWithoutReplacement(annotators.Length, count - 1);
            foreach (int d in drawn)
            {
                if (!(rng.NextDouble() < DropProbability)) continue;
                if (!IsSafe(ex, annotators, visibleRowsOf, selected)) continue;
                int y = annotators[d];
                selected[ex].Remove(y);
                visibleRowsOf[y].Remove(ex);
            }
        }

        // Remove empty columns.
        var keep = new List<int>();
        var newIndex = new int[m];
        Array.Fill(newIndex, -1);
        for (int a = 0; a < m; a++)
            if (visibleRowsOf[a].Count > 0) { newIndex[a] = keep.Count; keep.Add(a); }
        var builder = new LabelMatrix.Builder(n, keep.Count);
        for (int i = 0; i < n; i++)
            foreach (int a in selected[i]) builder.Add(i, newIndex[a], raw.Get(i, a));
        annotatorIds = keep.ToArray();
        return builder.Build();
    }

    private static bool IsSafe(int ex, int[] annotatorsOfRow, HashSet<int>[] visibleRowsOf, SortedSet<int>[] selected)
    {
        foreach (int a in annotatorsOfRow)
        {
            int others = 0, max = 0;
            long sum = 0;
            foreach (int r in visibleRowsOf[a])
            {
                if (r == ex) continue;
                int c = selected[r].Count;
                others++;
                sum += c;
                max = Math.Max(max, c);
            }
            if (!(others > 1 && max > 2 && sum > others + 1)) return false;
        }
        return true;
    }
}
