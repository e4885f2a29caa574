using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Tests.Simulation;

/// <summary>Deterministic synthetic data shaped like the Wall Robot subset (class counts 1100/900/300/700 of 3000).</summary>
internal static class SimulationTestData
{
    public static readonly int[] WallRobotClassCounts = [1100, 900, 300, 700];

    public static readonly double[] WallRobotPy = [1100 / 3000.0, 900 / 3000.0, 300 / 3000.0, 700 / 3000.0];

    /// <summary>n true labels with the Wall Robot class proportions (rounded, remainder to class 0), shuffled.</summary>
    public static int[] WallRobotLabels(int n, ulong seed)
    {
        var labels = new int[n];
        int w = 0;
        for (int c = WallRobotClassCounts.Length - 1; c >= 1; c--)
        {
            int count = (int)Math.Round(n * WallRobotClassCounts[c] / 3000.0);
            for (int i = 0; i < count; i++) labels[w++] = c;
        }
        while (w < n) labels[w++] = 0;
        new Rng(seed).Shuffle(labels.AsSpan());
        return labels;
    }

    public static bool SameMatrix(LabelMatrix a, LabelMatrix b)
    {
        if (a.Rows != b.Rows || a.Columns != b.Columns || a.Count != b.Count) return false;
        for (int i = 0; i < a.Rows; i++)
        {
            if (!a.ColumnsOfRow(i).SequenceEqual(b.ColumnsOfRow(i))) return false;
            if (!a.LabelsOfRow(i).SequenceEqual(b.LabelsOfRow(i))) return false;
        }
        return true;
    }
}
