namespace ActiveLab.Core.Scoring;

/// <summary>Normalised entropies and cross-entropies used by the scores and metrics (spec §3, §5).</summary>
public static class Entropy
{
    /// <summary>Clip applied inside every log of the benchmark's entropies.</summary>
    public const double LogClip = 1e-6;

    /// <summary>NormEntropy(p) = −Σ_k p_k·ln(max(p_k, 1e-6)) / ln K, K = length of p.</summary>
    public static double Normalized(ReadOnlySpan<double> p)
    {
        double s = 0;
        foreach (double v in p) s += v * Math.Log(Math.Max(v, LogClip));
        return -s / Math.Log(p.Length);
    }

    /// <summary>NormEntropy of every row of an N × K matrix.</summary>
    public static double[] NormalizedRows(Matrix p)
    {
        var result = new double[p.Rows];
        for (int i = 0; i < result.Length; i++) result[i] = Normalized(p.ReadRow(i));
        return result;
    }

    /// <summary>
    /// Soft cross-entropy of row <paramref name="row"/>'s empirical label distribution against <paramref name="p"/>:
    /// −Σ_k e_ik·ln(max(p_k, 1e-6)) / ln K.
    /// </summary>
    public static double EmpiricalCrossEntropy(LabelMatrix labels, int row, ReadOnlySpan<double> p)
    {
        var labs = labels.LabelsOfRow(row);
        double s = 0;
        foreach (int l in labs) s += Math.Log(Math.Max(p[l], LogClip));
        return -(s / labs.Length) / Math.Log(p.Length);
    }
}
