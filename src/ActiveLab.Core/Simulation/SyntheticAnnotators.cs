using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Simulation;

/// <summary>
/// The complete pool of synthetic annotators used by every Wall-Robot-based dataset (spec §1.1, §1.4, §1.5, §1.7, §1.8;
/// the benchmark's <c>get_synthetic_multiannotator_labels</c>).
/// </summary>
public static class SyntheticAnnotators
{
    /// <summary>
    /// Builds the complete n×M synthetic label pool; see
    /// <see cref="Generate(ReadOnlySpan{int}, int, double, int, Rng, out double[,])"/> for the procedure.
    /// </summary>
    /// <param name="yTrue">True labels in 0..K−1 (length n ≥ 1); every class must occur.</param>
    /// <param name="k">Number of classes K ≥ 2.</param>
    /// <param name="tau">Trace fraction τ, 1/K &lt; τ ≤ 1.</param>
    /// <param name="annotators">Number of annotators M ≥ 1.</param>
    /// <param name="rng">The random stream.</param>
    /// <returns>A complete n×M <see cref="LabelMatrix"/>; column j is annotator j.</returns>
    public static LabelMatrix Generate(ReadOnlySpan<int> yTrue, int k, double tau, int annotators, Rng rng)
        => Generate(yTrue, k, tau, annotators, rng, out _);

    /// <summary>
    /// Builds the complete n×M label pool: one noise matrix <see cref="NoiseMatrix.FromTrace"/>(K, τ·K, py, valid) with
    /// py = the empirical class frequencies of <paramref name="yTrue"/>, then <see cref="NoisyLabels.Generate(ReadOnlySpan{int}, double[,], Rng)"/> once per
    /// annotator. Column j of the result is annotator j; every cell is filled (<see cref="LabelMatrix.Count"/> = n·M).
    /// <para>
    /// Random draws, all from <paramref name="rng"/> in this order: the noise matrix, then annotators 0..M−1. This mirrors
    /// the original, which re-seeds numpy's global RNG before the matrix and keeps drawing from it. Calling this twice
    /// with identically seeded streams gives the identical pool — the original's "second, identical" pool of
    /// <c>wall-robot-completely-labeled</c> (§7 item 9) is therefore just the same matrix reused.
    /// </para>
    /// </summary>
    /// <param name="yTrue">True labels in 0..K−1 (length n ≥ 1); every class must occur (validity needs py_k &gt; 0).</param>
    /// <param name="k">Number of classes K ≥ 2 (the original uses the number of distinct true labels).</param>
    /// <param name="tau">Trace fraction τ (trace = τ·K); needs 1/K &lt; τ ≤ 1. Called "noise_rate" in the extra benchmarks.</param>
    /// <param name="annotators">Number of annotators M ≥ 1 (30 in the benchmarks, 1 for the single-annotator benchmark).</param>
    /// <param name="rng">The random stream.</param>
    /// <param name="noiseMatrix">The K×K noise matrix (<c>[noisy, true]</c>) shared by all annotators.</param>
    /// <returns>A complete n×M <see cref="LabelMatrix"/> (rows aligned with <paramref name="yTrue"/>).</returns>
    public static LabelMatrix Generate(ReadOnlySpan<int> yTrue, int k, double tau, int annotators, Rng rng,
        out double[,] noiseMatrix)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (k < 2) throw new ActiveLabInputException($"the number of classes K must be at least 2, got {k}", "k");
        if (annotators < 1)
            throw new ActiveLabInputException($"the number of annotators must be at least 1, got {annotators}", "annotators");
        if (!double.IsFinite(tau) || tau * k <= 1 || tau > 1)
            throw new ActiveLabInputException(
                $"tau must satisfy 1/K < tau <= 1 (trace = tau·K must exceed 1 for a valid matrix), got {tau} with K = {k}", "tau");

        double[] py = ClassFrequencies(yTrue, k);
        int[] classCounts = NoisyLabels.CountClasses(yTrue, k);
        noiseMatrix = NoiseMatrix.FromTrace(k, tau * k, py, requireValid: true, rng);
        int[,] counts = NoisyLabels.ErrorCountsCore(classCounts, yTrue.Length, noiseMatrix, k);

        int n = yTrue.Length;
        var cells = new int[n, annotators];
        for (int a = 0; a < annotators; a++)
        {
            int[] labels = NoisyLabels.GenerateCore(yTrue, classCounts, counts, k, rng);
            for (int i = 0; i < n; i++) cells[i, a] = labels[i];
        }
        return LabelMatrix.FromDense(cells);
    }

    /// <summary>
    /// Empirical class frequencies py[c] = |{i : yTrue[i] = c}| / n, length K (numpy's <c>bincount / n</c>).
    /// </summary>
    /// <param name="yTrue">Labels in 0..K−1, length n ≥ 1.</param>
    /// <param name="k">Number of classes K.</param>
    public static double[] ClassFrequencies(ReadOnlySpan<int> yTrue, int k)
    {
        int[] counts = NoisyLabels.CountClasses(yTrue, k);
        var py = new double[k];
        for (int c = 0; c < k; c++) py[c] = counts[c] / (double)yTrue.Length;
        return py;
    }
}
