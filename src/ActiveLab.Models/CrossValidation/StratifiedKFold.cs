using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.CrossValidation;

/// <summary>
/// scikit-learn's StratifiedKFold assignment (spec §2.4.1, §2.4.3): classes are encoded in order of first appearance,
/// the sorted encoded labels are dealt round-robin to the folds to get each fold's per-class allocation, and each
/// class's examples (in their original order) receive fold numbers 0,0,…,1,1,…; with shuffling that per-class fold
/// list is shuffled with the given generator (sklearn shuffles it with its RandomState).
/// </summary>
public static class StratifiedKFold
{
    /// <summary>The test-fold index (0..<paramref name="folds"/>−1) of every example.</summary>
    /// <param name="labels">Class label per example.</param>
    /// <param name="folds">Number of folds (≥ 2).</param>
    /// <param name="shuffle">Generator for the shuffled variant; null = sklearn's deterministic shuffle=False.</param>
    public static int[] Assign(ReadOnlySpan<int> labels, int folds, Rng? shuffle)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), folds, "at least 2 folds are needed");
        if (labels.Length < folds)
            throw new ArgumentException($"cannot split {labels.Length} examples into {folds} folds", nameof(labels));

        // Encode classes by first appearance.
        var code = new Dictionary<int, int>();
        var encoded = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (!code.TryGetValue(labels[i], out int c)) code[labels[i]] = c = code.Count;
            encoded[i] = c;
        }
        int classes = code.Count;
        var counts = new int[classes];
        foreach (int c in encoded) counts[c]++;

        // allocation[f][c] = how many of class c fall at positions f, f+folds, … of the sorted encoded labels.
        var allocation = new int[folds, classes];
        int position = 0;
        for (int c = 0; c < classes; c++)
            for (int r = 0; r < counts[c]; r++, position++)
                allocation[position % folds, c]++;

        var fold = new int[labels.Length];
        var perClass = new List<int>[classes];
        for (int c = 0; c < classes; c++)
        {
            perClass[c] = new List<int>(counts[c]);
            for (int f = 0; f < folds; f++)
                for (int r = 0; r < allocation[f, c]; r++) perClass[c].Add(f);
            if (shuffle is not null)
            {
                var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(perClass[c]);
                shuffle.Shuffle(span);
            }
        }
        var next = new int[classes];
        for (int i = 0; i < labels.Length; i++) fold[i] = perClass[encoded[i]][next[encoded[i]]++];
        return fold;
    }
}
