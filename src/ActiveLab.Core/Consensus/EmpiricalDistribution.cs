namespace ActiveLab.Core.Consensus;

/// <summary>
/// Each row's empirical label distribution e_i (label counts / n_i), stored sparsely: only the classes that occur
/// in the row, ascending, with their fractions. Classes with e_ik = 0 contribute nothing to the soft cross-entropies
/// that use it (0 · finite log = 0), so skipping them is exact.
/// </summary>
public sealed class EmpiricalDistribution
{
    private readonly int[] _start, _classes;
    private readonly double[] _weights;

    private EmpiricalDistribution(int rows, int[] start, int[] classes, double[] weights)
    {
        Rows = rows;
        _start = start;
        _classes = classes;
        _weights = weights;
    }

    public int Rows { get; }

    public ReadOnlySpan<int> ClassesOfRow(int row) => new(_classes, _start[row], _start[row + 1] - _start[row]);

    public ReadOnlySpan<double> WeightsOfRow(int row) => new(_weights, _start[row], _start[row + 1] - _start[row]);

    /// <summary>Builds e_i for every row of <paramref name="labels"/> (rows without labels get an empty distribution).</summary>
    public static EmpiricalDistribution Sparse(LabelMatrix labels)
    {
        int n = labels.Rows;
        var start = new int[n + 1];
        var classes = new List<int>(labels.Count);
        var weights = new List<double>(labels.Count);
        var distinct = new List<int>(8);
        for (int i = 0; i < n; i++)
        {
            start[i] = classes.Count;
            var labs = labels.LabelsOfRow(i);
            distinct.Clear();
            foreach (int l in labs) if (!distinct.Contains(l)) distinct.Add(l);
            distinct.Sort();
            foreach (int c in distinct)
            {
                int cnt = 0;
                foreach (int l in labs) if (l == c) cnt++;
                classes.Add(c);
                weights.Add((double)cnt / labs.Length);
            }
        }
        start[n] = classes.Count;
        return new EmpiricalDistribution(n, start, classes.ToArray(), weights.ToArray());
    }
}
