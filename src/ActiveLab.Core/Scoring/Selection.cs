namespace ActiveLab.Core.Scoring;

/// <summary>The examples chosen in one round.</summary>
/// <param name="Relabel">Indices into the labeled pool that get one more label, in ascending-score order.</param>
/// <param name="New">Indices into the unlabeled pool that move to the labeled pool, in ascending-score order.</param>
public sealed record SelectedExamples(int[] Relabel, int[] New);

/// <summary>Selection of the B lowest scores across both pools (spec §0.5, §2.2 step 5).</summary>
public static class Selection
{
    /// <summary>
    /// The <paramref name="budget"/> smallest scores of [labeled; unlabeled], sorted ascending with ties broken by the
    /// lower concatenated index (stable), so labeled examples win ties against unlabeled ones. When fewer candidates
    /// exist than the budget, all are returned. NaN scores are rejected.
    /// </summary>
    public static SelectedExamples LowestScores(ReadOnlySpan<double> labeled, ReadOnlySpan<double> unlabeled, int budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        int total = labeled.Length + unlabeled.Length;
        var keys = new double[total];
        labeled.CopyTo(keys);
        unlabeled.CopyTo(keys.AsSpan(labeled.Length));
        for (int i = 0; i < total; i++)
            if (double.IsNaN(keys[i]))
                throw new ArgumentException($"score {i} is NaN; scores must be numbers", nameof(labeled));
        var order = new int[total];
        for (int i = 0; i < total; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = keys[a].CompareTo(keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        int take = Math.Min(budget, total);
        var relabel = new List<int>();
        var fresh = new List<int>();
        for (int r = 0; r < take; r++)
        {
            int idx = order[r];
            if (idx < labeled.Length) relabel.Add(idx);
            else fresh.Add(idx - labeled.Length);
        }
        return new SelectedExamples(relabel.ToArray(), fresh.ToArray());
    }
}
