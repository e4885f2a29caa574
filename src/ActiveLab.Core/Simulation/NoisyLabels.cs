using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Simulation;

/// <summary>
/// One synthetic annotator: noisy labels that realise a noise matrix with exact per-cell error counts
/// (spec §1.1(b); cleanlab's <c>generate_noisy_labels</c>).
/// </summary>
public static class NoisyLabels
{
    /// <summary>
    /// The exact number of examples <see cref="Generate"/> flips in every (noisy, true) cell:
    /// count[j, k] = trunc(nm[j, k]·py[k]·n) for j ≠ k and 0 on the diagonal, where n = |yTrue| and
    /// py[k] = (number of examples of true class k)/n. The product is evaluated in that order, as numpy does; truncation
    /// toward zero equals ⌊·⌋ for the non-negative products and maps the tiny negative rates a τ = 1 matrix can hold to 0.
    /// </summary>
    /// <param name="yTrue">True labels in 0..K−1, length n ≥ 1.</param>
    /// <param name="noiseMatrix">K×K, <c>[noisy, true]</c>, columns summing to 1.</param>
    /// <returns>K×K counts indexed <c>[noisy, true]</c>.</returns>
    public static int[,] ErrorCounts(ReadOnlySpan<int> yTrue, double[,] noiseMatrix)
    {
        int k = NoiseMatrix.ValidateColumnStochastic(noiseMatrix, "noiseMatrix");
        int[] classCounts = CountClasses(yTrue, k);
        return ErrorCountsCore(classCounts, yTrue.Length, noiseMatrix, k);
    }

    /// <summary>
    /// Noisy labels for one annotator (spec §1.1(b)). For each true class k ascending: the list that repeats noisy class
    /// j count[j, k] times (j ascending, see <see cref="ErrorCounts"/>) is assigned, in list order, to that many distinct
    /// examples of true class k drawn uniformly without replacement; every other example keeps its true label. Hence
    /// every call flips exactly count[j, k] examples in every cell and all annotators built from the same matrix have the
    /// same accuracy on the full set. (As in cleanlab, a class whose list would exceed its examples is left unflipped;
    /// with columns summing to 1 this cannot happen.)
    /// </summary>
    /// <param name="yTrue">True labels in 0..K−1, length n ≥ 1.</param>
    /// <param name="noiseMatrix">K×K, <c>[noisy, true]</c>, columns summing to 1 (within 1e-6).</param>
    /// <param name="rng">The random stream (one draw of distinct positions per class with errors).</param>
    /// <returns>Noisy labels, length n, aligned with <paramref name="yTrue"/>.</returns>
    public static int[] Generate(ReadOnlySpan<int> yTrue, double[,] noiseMatrix, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int k = NoiseMatrix.ValidateColumnStochastic(noiseMatrix, "noiseMatrix");
        int[] classCounts = CountClasses(yTrue, k);
        return GenerateCore(yTrue, classCounts, ErrorCountsCore(classCounts, yTrue.Length, noiseMatrix, k), k, rng);
    }

    /// <summary>Shared core, used once per annotator by <see cref="SyntheticAnnotators"/> with precomputed counts.</summary>
    internal static int[] GenerateCore(ReadOnlySpan<int> yTrue, int[] classCounts, int[,] counts, int k, Rng rng)
    {
        int n = yTrue.Length;
        var labels = yTrue.ToArray();

        // Examples of each true class, ascending.
        var members = new int[k][];
        var fill = new int[k];
        for (int c = 0; c < k; c++) members[c] = new int[classCounts[c]];
        for (int i = 0; i < n; i++) members[yTrue[i]][fill[yTrue[i]]++] = i;

        var noise = new List<int>();
        for (int c = 0; c < k; c++)
        {
            noise.Clear();
            for (int j = 0; j < k; j++)
                for (int z = 0; z < counts[j, c]; z++) noise.Add(j);
            int available = members[c].Length;
            if (available == 0 || noise.Count == 0 || available < noise.Count) continue;
            int[] picks = rng.SampleWithoutReplacement(available, noise.Count);
            for (int p = 0; p < picks.Length; p++) labels[members[c][picks[p]]] = noise[p];
        }
        return labels;
    }

    internal static int[,] ErrorCountsCore(int[] classCounts, int n, double[,] noiseMatrix, int k)
    {
        var counts = new int[k, k];
        for (int c = 0; c < k; c++)
        {
            double py = classCounts[c] / (double)n;
            for (int j = 0; j < k; j++)
            {
                if (j == c) continue;
                double expected = noiseMatrix[j, c] * py * n;
                counts[j, c] = expected > 0 ? (int)expected : 0;
            }
        }
        return counts;
    }

    /// <summary>Validates labels against K and returns the per-class counts.</summary>
    internal static int[] CountClasses(ReadOnlySpan<int> yTrue, int k)
    {
        if (yTrue.IsEmpty) throw new ActiveLabInputException("yTrue is empty", "yTrue");
        var counts = new int[k];
        for (int i = 0; i < yTrue.Length; i++)
        {
            int y = yTrue[i];
            if ((uint)y >= (uint)k)
                throw new ActiveLabInputException($"true label {y} at row {i} is outside 0..{k - 1}", "yTrue", i);
            counts[y]++;
        }
        return counts;
    }
}
