using ActiveLab.Core.Randomness;

namespace ActiveLab.Data;

/// <summary>
/// The random index draws of dataset construction, replacing pandas <c>.sample</c> and sklearn
/// <c>train_test_split</c> with our seeded <see cref="Rng"/> (same shapes and conventions, not the same numbers).
/// </summary>
public static class Splits
{
    /// <summary>
    /// sklearn's ShuffleSplit convention: one uniformly random permutation p of 0..n−1; the test part is
    /// p[0..testCount) and the train part is p[testCount..n), both in permutation order (not sorted).
    /// Draws: one <see cref="Rng.Permutation"/> of length n.
    /// </summary>
    /// <returns>(Train, Test) index arrays into the input, lengths n − testCount and testCount.</returns>
    public static (int[] Train, int[] Test) TrainTest(int n, int testCount, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (testCount < 0 || testCount > n)
            throw new ArgumentOutOfRangeException(nameof(testCount), testCount, $"test count must lie in 0..{n}");
        int[] p = rng.Permutation(n);
        return (p[testCount..], p[..testCount]);
    }

    /// <summary>
    /// Per-class subset (the benchmark's pandas <c>.sample(n_c, random_state)</c> per class, concatenated in class
    /// order): for class c = 0..K−1, <paramref name="perClass"/>[c] distinct rows drawn uniformly without replacement
    /// among the rows of class c (ascending row order is the population), in draw order.
    /// Draws: one <see cref="Rng.SampleWithoutReplacement"/> per class, classes ascending.
    /// </summary>
    /// <param name="labels">Class of every row of the source table.</param>
    /// <param name="perClass">Rows wanted per class (length K).</param>
    /// <param name="rng">The random stream.</param>
    /// <returns>Source row indices, length Σ perClass: class 0's rows first, then class 1's, ….</returns>
    public static int[] PerClassSample(ReadOnlySpan<int> labels, IReadOnlyList<int> perClass, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var result = new List<int>(perClass.Sum());
        for (int c = 0; c < perClass.Count; c++)
        {
            var members = new List<int>();
            for (int i = 0; i < labels.Length; i++) if (labels[i] == c) members.Add(i);
            if (perClass[c] > members.Count)
                throw new ArgumentException($"class {c} has {members.Count} rows, cannot sample {perClass[c]}", nameof(perClass));
            foreach (int pick in rng.SampleWithoutReplacement(members.Count, perClass[c])) result.Add(members[pick]);
        }
        return result.ToArray();
    }

    /// <summary><paramref name="source"/>[indices[i]] for each i.</summary>
    public static int[] Take(ReadOnlySpan<int> source, ReadOnlySpan<int> indices)
    {
        var result = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++) result[i] = source[indices[i]];
        return result;
    }
}
