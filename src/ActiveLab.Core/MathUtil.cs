namespace ActiveLab.Core;

/// <summary>Small numeric helpers with numpy's conventions (first index on ties, population std).</summary>
public static class MathUtil
{
    /// <summary>Index of the first maximum (numpy.argmax).</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        double max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > max) { max = values[i]; best = i; }
        }
        return best;
    }

    /// <summary>Index of the first maximum of integer counts.</summary>
    public static int ArgMax(ReadOnlySpan<int> values)
    {
        int best = 0;
        int max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > max) { max = values[i]; best = i; }
        }
        return best;
    }

    /// <summary>Plain mean.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (double v in values) s += v;
        return s / values.Length;
    }

    /// <summary>Population standard deviation (ddof = 0), as the paper's plotting notebooks use.</summary>
    public static double PopulationStd(ReadOnlySpan<double> values)
    {
        double m = Mean(values);
        double s = 0;
        foreach (double v in values) s += (v - m) * (v - m);
        return Math.Sqrt(s / values.Length);
    }
}
