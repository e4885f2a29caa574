namespace ActiveLab.Cluster.Sweeps;

/// <summary>The valid name closest to a mistyped one, for "did you mean ...?" hints.</summary>
public static class ClosestName
{
    /// <summary>
    /// The candidate nearest to <paramref name="name"/> by <see cref="Distance"/>, or null when none is reasonably close:
    /// at most one edit per three characters of the longer name, and never more than three.
    /// </summary>
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int d = Distance(name, candidate);
            int allowed = Math.Clamp(Math.Max(name.Length, candidate.Length) / 3, 1, 3);
            if (d <= allowed && d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return best;
    }

    /// <summary>
    /// Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and swaps of two
    /// adjacent characters each count 1. Case-sensitive.
    /// </summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
