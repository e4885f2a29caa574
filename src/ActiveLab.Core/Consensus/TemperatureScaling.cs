namespace ActiveLab.Core.Consensus;

/// <summary>Which temperature-scaling helpers to follow (spec §2.8).</summary>
public enum TemperatureFlavour
{
    /// <summary>The benchmark's own helpers (= cleanlab branch e7ac8728): SoftCE clips at 1e-6, no pre-clip.</summary>
    Benchmark,

    /// <summary>cleanlab v2.3.0: P clipped at 1e-30 and row-renormalised first; SoftCE clips at 1e-30.</summary>
    V230,
}

/// <summary>
/// Temperature search and scaling of predicted probabilities against the annotators' empirical label distribution
/// (spec §2.8). Faithful quirks kept on purpose: the search criterion divides P^(1/T) by its sum over the whole matrix
/// (not per row), and the fine grid never contains the last coarse point 8.
/// </summary>
public static class TemperatureScaling
{
    /// <summary>The coarse grid of the search.</summary>
    public static readonly double[] CoarseGrid = [0.1, 0.2, 0.5, 0.8, 1, 2, 3, 5, 8];

    private const int FineSearchSize = 4;

    /// <summary>
    /// The temperature minimising the mean soft cross-entropy between each row's empirical label distribution
    /// (from <paramref name="labels"/>, N × M) and the globally normalised P^(1/T) (<paramref name="predProbs"/>, N × K).
    /// </summary>
    public static double FindBestTemperature(LabelMatrix labels, Matrix predProbs, TemperatureFlavour flavour)
    {
        if (labels.Rows != predProbs.Rows)
            throw new ActiveLabInputException($"labels has {labels.Rows} rows but predProbs has {predProbs.Rows}", "predProbs");
        var logP = LogProbabilities(predProbs, flavour);
        double clip = flavour == TemperatureFlavour.Benchmark ? 1e-6 : 1e-30;
        var emp = EmpiricalDistribution.Sparse(labels);

        var coarse = new double[CoarseGrid.Length];
        for (int t = 0; t < CoarseGrid.Length; t++) coarse[t] = Criterion(logP, predProbs.Columns, emp, CoarseGrid[t], clip);
        int m = FirstArgMin(coarse);

        var fine = new List<double>();
        if (m != 0)
        {
            double step = (CoarseGrid[m] - CoarseGrid[m - 1]) / FineSearchSize;
            for (int j = 0; j < FineSearchSize; j++) fine.Add(j * step + CoarseGrid[m - 1]);
        }
        if (m != CoarseGrid.Length - 1)
        {
            double step = (CoarseGrid[m + 1] - CoarseGrid[m]) / FineSearchSize;
            for (int j = 0; j <= FineSearchSize; j++) fine.Add(j * step + CoarseGrid[m]);
        }
        var crit = new double[fine.Count];
        for (int t = 0; t < fine.Count; t++) crit[t] = Criterion(logP, predProbs.Columns, emp, fine[t], clip);
        return fine[FirstArgMin(crit)];
    }

    /// <summary>
    /// Row-normalised P^(1/T) (computed as exp(ln P / T)); zeros stay zeros in the benchmark flavour.
    /// The v2.3.0 flavour first clips at 1e-30 and renormalises each row. Returns a new matrix.
    /// </summary>
    public static Matrix Scale(Matrix predProbs, double temperature, TemperatureFlavour flavour)
    {
        var logP = LogProbabilities(predProbs, flavour);
        var result = new Matrix(predProbs.Rows, predProbs.Columns);
        var d = result.Data;
        int k = predProbs.Columns;
        for (int i = 0; i < predProbs.Rows; i++)
        {
            int o = i * k;
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                double g = Math.Exp(logP[o + c] / temperature);
                d[o + c] = g;
                sum += g;
            }
            for (int c = 0; c < k; c++) d[o + c] /= sum;
        }
        return result;
    }

    /// <summary>ln P (benchmark: ln 0 = −∞) or ln of the 1e-30-clipped, row-renormalised P (v2.3.0).</summary>
    private static double[] LogProbabilities(Matrix p, TemperatureFlavour flavour)
    {
        int k = p.Columns;
        var log = new double[p.Data.Length];
        if (flavour == TemperatureFlavour.Benchmark)
        {
            for (int x = 0; x < log.Length; x++) log[x] = Math.Log(p.Data[x]);
            return log;
        }
        Span<double> row = k <= 256 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < p.Rows; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++) { row[c] = Math.Max(p.Data[i * k + c], 1e-30); sum += row[c]; }
            for (int c = 0; c < k; c++) log[i * k + c] = Math.Log(row[c] / sum);
        }
        return log;
    }

    /// <summary>Mean over rows of −Σ_k e_ik ln(max(G_ik, clip)) / ln K with G = exp(lnP/T) / Σ_all exp(lnP/T).</summary>
    private static double Criterion(double[] logP, int k, EmpiricalDistribution emp, double temperature, double clip)
    {
        double total = 0;
        for (int x = 0; x < logP.Length; x++) total += Math.Exp(logP[x] / temperature);
        double lnK = Math.Log(k);
        double sumCe = 0;
        int n = emp.Rows;
        for (int i = 0; i < n; i++)
        {
            double ce = 0;
            var classes = emp.ClassesOfRow(i);
            var weights = emp.WeightsOfRow(i);
            for (int e = 0; e < classes.Length; e++)
            {
                double g = Math.Exp(logP[i * k + classes[e]] / temperature) / total;
                ce += weights[e] * Math.Log(Math.Max(g, clip));
            }
            sumCe += -ce / lnK;
        }
        return sumCe / n;
    }

    private static int FirstArgMin(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] < values[best]) best = i;
        return best;
    }
}
