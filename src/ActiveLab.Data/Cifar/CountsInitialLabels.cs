using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Data;

/// <summary>
/// Initial visible labels of <c>cifar-10h</c> when only the aggregate counts are available (the shared data lacks the
/// raw per-annotator file, data README "Gaps" 1).
/// <para>
/// <b>Deviation from the original (documented in data/README.md):</b> the original picks labels of real annotators
/// with the "worst annotators" procedure (<see cref="WorstAnnotatorsSelection"/>), which needs annotator identity.
/// Counts carry none, so this class builds a matrix with the <i>shape of the distributed arrays</i> instead
/// (spec §1.6/§7 item 11): 1000 rows, 1447 labels, label-count histogram {1: 738, 2: 85, 3: 174, 5: 1, 6: 2},
/// majority-vote accuracy 0.822, 334 annotator columns — by preferring wrong labels as the worst-annotators procedure
/// does, and assigning the labels to pseudo-annotator columns. Every visible label is drawn (without replacement) from
/// the image's own CIFAR-10H label multiset, so visible ⊆ pool holds as for real data; which human gave it is unknown.
/// </para>
/// </summary>
public static class CountsInitialLabels
{
    /// <summary>Rows per label count of the distributed 1000 × 334 matrix: {1: 738, 2: 85, 3: 174, 5: 1, 6: 2}.</summary>
    public static IReadOnlyDictionary<int, int> TargetHistogram { get; } =
        new SortedDictionary<int, int> { [1] = 738, [2] = 85, [3] = 174, [5] = 1, [6] = 2 };

    /// <summary>Majority-vote accuracy of the distributed matrix (0.822–0.823 in the spec; one random tie).</summary>
    public const double TargetMajorityVoteAccuracy = 0.822;

    /// <summary>Annotator columns of the distributed matrix.</summary>
    public const int PseudoAnnotators = 334;

    /// <summary>Pseudo-annotators standing for the 50 "worst" annotators whose labels are all kept.</summary>
    public const int WorstPseudoAnnotators = 50;

    /// <summary>Labels per worst pseudo-annotator (≈ 200 CIFAR-10H labels per annotator × 1000/10000 images).</summary>
    public const int LabelsPerWorstPseudoAnnotator = 20;

    /// <summary>
    /// Builds the N_L × M visible labels (N_L must equal the histogram's row total, 1000).
    /// <list type="number">
    /// <item>Label counts: a random permutation of the rows; the first 738 rows of it get 1 label, the next 85 get 2, then
    /// 174 × 3, 1 × 5, 2 × 6 (histogram keys ascending).</item>
    /// <item>Majority-vote-wrong rows: W = N_L − round(0.822·N_L) = 178 rows whose visible labels are all wrong. Rows that
    /// cannot have a correct plurality (fewer correct labels in the pool than their count) are taken first; the rest
    /// are drawn without replacement among rows with at least as many wrong pool labels as their count, with
    /// probability proportional to the pool's wrong-label fraction (Efraimidis–Spirakis keys, one uniform per eligible
    /// row in row order) — ambiguous images are the ones the worst annotators get wrong.</item>
    /// <item>Labels, rows ascending: a wrong row draws its labels without replacement from the pool's wrong labels; any
    /// other row draws from its whole pool without replacement until the true label has a strict plurality (up to 1000
    /// tries, else all-correct labels). So the majority vote is wrong on exactly W rows: accuracy 0.822.</item>
    /// <item>Columns: the wrong labels (shuffled), then the correct ones (shuffled), are dealt round-robin: the first
    /// 50 × 20 = 1000 to the 50 "worst" columns 0..49, the rest to columns 50..333, moving to the next column of the
    /// block when the row already has a label in that column. Empty columns (none with these sizes) are removed.</item>
    /// </list>
    /// Draws, all from <paramref name="rng"/>, in the order of the steps.
    /// </summary>
    /// <param name="counts">N_L × 10 label counts of the labeled images (their pools).</param>
    /// <param name="yTrue">True labels, length N_L.</param>
    /// <param name="rng">The "initial-labels" stream.</param>
    public static LabelMatrix Build(int[,] counts, ReadOnlySpan<int> yTrue, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(rng);
        int n = counts.GetLength(0), k = counts.GetLength(1);
        int histogramRows = TargetHistogram.Values.Sum();
        if (n != histogramRows)
            throw new ArgumentException($"the counts-only initial labels need exactly {histogramRows} labeled images, got {n}", nameof(counts));
        if (yTrue.Length != n) throw new ArgumentException($"yTrue has {yTrue.Length} entries for {n} rows", nameof(yTrue));

        var total = new int[n];
        var wrong = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++) total[i] += counts[i, c];
            wrong[i] = total[i] - counts[i, yTrue[i]];
        }

        // 1. Label counts per row.
        var target = new int[n];
        int[] permutation = rng.Permutation(n);
        int p = 0;
        foreach (var (labels, rows) in TargetHistogram.OrderBy(kv => kv.Key))
            for (int r = 0; r < rows; r++) target[permutation[p++]] = labels;
        for (int i = 0; i < n; i++)
            if (total[i] < target[i])
                throw new ArgumentException($"row {i} has {total[i]} pool labels, fewer than the {target[i]} it needs", nameof(counts));

        // 2. Rows whose majority vote is wrong.
        int wrongRows = n - (int)Math.Round(TargetMajorityVoteAccuracy * n, MidpointRounding.AwayFromZero);
        var isWrong = new bool[n];
        int chosen = 0;
        for (int i = 0; i < n; i++)
            if (counts[i, yTrue[i]] < target[i]) { isWrong[i] = true; chosen++; }
        var keyed = new List<(double Key, int Row)>();
        for (int i = 0; i < n; i++)
        {
            if (isWrong[i] || wrong[i] < target[i] || wrong[i] == 0) continue;
            double weight = wrong[i] / (double)total[i];
            keyed.Add((Math.Log(1.0 - rng.NextDouble()) / weight, i));
        }
        foreach (var (_, row) in keyed.OrderByDescending(x => x.Key).ThenBy(x => x.Row).Take(Math.Max(0, wrongRows - chosen)))
            isWrong[row] = true;

        // 3. The labels of every row.
        var rowLabels = new int[n][];
        var pool = new List<int>();
        for (int i = 0; i < n; i++)
        {
            pool.Clear();
            for (int c = 0; c < k; c++)
                if (!isWrong[i] || c != yTrue[i])
                    for (int z = 0; z < counts[i, c]; z++) pool.Add(c);
            if (isWrong[i])
            {
                rowLabels[i] = rng.SampleWithoutReplacement(pool.Count, target[i]).Select(x => pool[x]).ToArray();
                continue;
            }
            int[]? accepted = null;
            for (int attempt = 0; attempt < 1000 && accepted is null; attempt++)
            {
                int[] draw = rng.SampleWithoutReplacement(pool.Count, target[i]).Select(x => pool[x]).ToArray();
                if (HasStrictPlurality(draw, yTrue[i], k)) accepted = draw;
            }
            rowLabels[i] = accepted ?? Enumerable.Repeat(yTrue[i], target[i]).ToArray();
        }

        // 4. Pseudo-annotator columns.
        var wrongEntries = new List<(int Row, int Label)>();
        var rightEntries = new List<(int Row, int Label)>();
        for (int i = 0; i < n; i++)
            foreach (int l in rowLabels[i]) (l == yTrue[i] ? rightEntries : wrongEntries).Add((i, l));
        var wrongArray = wrongEntries.ToArray();
        var rightArray = rightEntries.ToArray();
        rng.Shuffle(wrongArray.AsSpan());
        rng.Shuffle(rightArray.AsSpan());
        var entries = wrongArray.Concat(rightArray).ToArray();

        int worstCapacity = WorstPseudoAnnotators * LabelsPerWorstPseudoAnnotator;
        int otherColumns = PseudoAnnotators - WorstPseudoAnnotators;
        var cell = new Dictionary<(int Row, int Column), int>();
        for (int e = 0; e < entries.Length; e++)
        {
            var (row, label) = entries[e];
            bool worstBlock = e < worstCapacity;
            int blockStart = worstBlock ? 0 : WorstPseudoAnnotators;
            int blockSize = worstBlock ? WorstPseudoAnnotators : otherColumns;
            int offset = worstBlock ? e % blockSize : (e - worstCapacity) % blockSize;
            int column = -1;
            for (int t = 0; t < blockSize; t++)
            {
                int candidate = blockStart + (offset + t) % blockSize;
                if (!cell.ContainsKey((row, candidate))) { column = candidate; break; }
            }
            if (column < 0) throw new InvalidOperationException($"row {row} has more labels than pseudo-annotator columns");
            cell[(row, column)] = label;
        }

        var used = new bool[PseudoAnnotators];
        foreach (var key in cell.Keys) used[key.Column] = true;
        var newIndex = new int[PseudoAnnotators];
        int m = 0;
        for (int c = 0; c < PseudoAnnotators; c++) newIndex[c] = used[c] ? m++ : -1;
        var builder = new LabelMatrix.Builder(n, m);
        foreach (var ((row, column), label) in cell) builder.Add(row, newIndex[column], label);
        return builder.Build();
    }

    private static bool HasStrictPlurality(int[] labels, int candidate, int k)
    {
        Span<int> tally = stackalloc int[k];
        foreach (int l in labels) tally[l]++;
        for (int c = 0; c < k; c++)
            if (c != candidate && tally[c] >= tally[candidate]) return false;
        return true;
    }
}
