using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Simulation;

/// <summary>
/// Random class-conditional noise matrices with a prescribed trace (spec §1.1(a); cleanlab's
/// <c>generate_noise_matrix_from_trace</c> and <c>noise_matrix_is_valid</c>, re-implemented on our own <see cref="Rng"/>).
/// <para>
/// Shape and convention: a K×K <c>double[,]</c> indexed <c>nm[noisy, true]</c> = P(given label = noisy | true label = true).
/// Every column sums to 1; the diagonal sums to the trace.
/// </para>
/// </summary>
public static class NoiseMatrix
{
    /// <summary>Number of matrices drawn before giving up (cleanlab's <c>max_iter</c>).</summary>
    public const int DefaultMaxAttempts = 10000;

    /// <summary>Tolerance of the bound and validity comparisons (cleanlab's <c>FLOATING_POINT_COMPARISON</c>).</summary>
    public const double Tolerance = 1e-6;

    /// <summary>Lower bound of every diagonal entry (cleanlab's <c>min_trace_prob</c>).</summary>
    public const double MinDiagonal = 1e-5;

    /// <summary>Upper bound of every off-diagonal entry (cleanlab's <c>max_noise_rate</c>).</summary>
    public const double MaxOffDiagonal = 1 - 1e-5;

    /// <summary>
    /// Draws a K×K noise matrix <c>nm[noisy, true]</c> whose diagonal sums to <paramref name="trace"/> (spec §1.1(a)).
    /// <para>K &gt; 2, per attempt (up to <paramref name="maxAttempts"/>):</para>
    /// <list type="number">
    /// <item>diagonal = Dirichlet(1_K)·trace, repaired into [1e-5, 1] (tolerance 1e-6) by the max and min loops of
    /// cleanlab's <c>generate_n_rand_probabilities_that_sum_to_m</c> (the sum is preserved);</item>
    /// <item>for each column c (ascending) whose diagonal is not exactly 1: K−1 off-diagonal rates =
    /// Dirichlet(1_{K−1})·(1 − d_c), repaired into [0, 1 − 1e-5], placed into the other rows in a uniformly random
    /// order (no zero noise rates);</item>
    /// <item>accept when <paramref name="requireValid"/> is false or <see cref="IsValid"/> holds.</item>
    /// </list>
    /// K = 2 follows cleanlab's special case: diagonal (d0, d1) = Dirichlet(1,1)·trace repaired into [0, 1], matrix
    /// [[d0, 1 − d1], [1 − d0, d1]], returned without a validity test (any 2×2 matrix with trace &gt; 1 is valid).
    /// <para>
    /// Random draws come only from <paramref name="rng"/>, in the order above. When the trace equals K (τ = 1) the
    /// repair loop converges to a diagonal within 1e-6 of 1 and the off-diagonal entries may be tiny (|x| ≤ 1e-6) and
    /// even slightly negative, exactly as in cleanlab; <see cref="NoisyLabels"/> then flips nothing.
    /// </para>
    /// </summary>
    /// <param name="k">Number of classes K ≥ 2.</param>
    /// <param name="trace">Sum of the diagonal, τ·K; must lie in (0, K] and be &gt; 1 when <paramref name="requireValid"/>.</param>
    /// <param name="py">True-class frequencies P(true = k), length K, summing to 1. Required when
    /// <paramref name="requireValid"/> and K &gt; 2; otherwise it may be empty (it is then unused).</param>
    /// <param name="requireValid">Retry until the matrix passes <see cref="IsValid"/> (the benchmarks always use true).</param>
    /// <param name="rng">The random stream.</param>
    /// <param name="maxAttempts">Attempts before throwing (default 10000).</param>
    /// <exception cref="ActiveLabInputException">Bad arguments, or no valid matrix within <paramref name="maxAttempts"/>.</exception>
    public static double[,] FromTrace(int k, double trace, ReadOnlySpan<double> py, bool requireValid, Rng rng,
        int maxAttempts = DefaultMaxAttempts)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (k < 2) throw new ActiveLabInputException($"the number of classes K must be at least 2, got {k}", "k");
        if (maxAttempts < 1)
            throw new ActiveLabInputException($"maxAttempts must be at least 1, got {maxAttempts}", "maxAttempts");
        if (!double.IsFinite(trace) || trace <= 0 || trace > k + Tolerance)
            throw new ActiveLabInputException($"trace must lie in (0, K = {k}], got {trace}", "trace");
        if (requireValid && trace <= 1)
            throw new ActiveLabInputException(
                $"trace = {trace}: a trace > 1 is necessary for a valid noise matrix (requireValid = true)", "trace");
        if (!py.IsEmpty) ValidatePy(py, k, requireValid);
        else if (requireValid && k > 2)
            throw new ActiveLabInputException("py (the true-class frequencies) is required when requireValid is true and K > 2", "py");

        if (k == 2)
        {
            double[] d = RandomProbabilities.SummingTo(2, trace, 1.0, 0.0, rng);
            return new double[,] { { d[0], 1 - d[1] }, { 1 - d[0], d[1] } };
        }

        var rates = new double[k - 1];
        for (int attempt = 0; attempt < maxAttempts; attempt++)
        {
            var nm = new double[k, k];
            double[] diagonal = RandomProbabilities.SummingTo(k, trace, 1.0, MinDiagonal, rng);
            for (int c = 0; c < k; c++) nm[c, c] = diagonal[c];

            for (int c = 0; c < k; c++)
            {
                if (diagonal[c] == 1.0) continue;
                double[] columnRates = RandomProbabilities.SummingTo(k - 1, 1 - diagonal[c], MaxOffDiagonal, 0.0, rng);
                // Random placement: the i-th drawn "other row" receives the rates from the end, as cleanlab pops them.
                int[] order = rng.SampleWithoutReplacement(k - 1, k - 1);
                for (int i = 0; i < order.Length; i++)
                {
                    int row = order[i] < c ? order[i] : order[i] + 1;
                    nm[row, c] = columnRates[k - 2 - i];
                }
            }

            if (!requireValid || IsValid(nm, py)) return nm;
        }

        throw new ActiveLabInputException(
            $"no valid {k}×{k} noise matrix with trace {trace} was found in {maxAttempts} attempts; " +
            "raise the trace or check the class frequencies py", "trace");
    }

    /// <summary>
    /// cleanlab's <c>noise_matrix_is_valid</c>: with joint[i, j] = nm[i, j]·py[j] and ps = nm·py, the matrix is valid
    /// ("learnable") when |Σ joint − 1| &lt; 1e-6 and, for every class i, ps_i·py_i &lt; joint[i, i].
    /// </summary>
    /// <param name="noiseMatrix">K×K matrix, <c>[noisy, true]</c>.</param>
    /// <param name="py">True-class frequencies, length K.</param>
    public static bool IsValid(double[,] noiseMatrix, ReadOnlySpan<double> py)
    {
        ArgumentNullException.ThrowIfNull(noiseMatrix);
        int k = py.Length;
        if (noiseMatrix.GetLength(0) != k || noiseMatrix.GetLength(1) != k)
            throw new ActiveLabInputException(
                $"noise matrix is {noiseMatrix.GetLength(0)}×{noiseMatrix.GetLength(1)} but py has {k} classes", "noiseMatrix");

        double jointSum = 0;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                jointSum += noiseMatrix[i, j] * py[j];
        if (!(Math.Abs(jointSum - 1.0) < Tolerance)) return false;

        for (int i = 0; i < k; i++)
        {
            double ps = 0;
            for (int j = 0; j < k; j++) ps += noiseMatrix[i, j] * py[j];
            if (!(ps * py[i] < noiseMatrix[i, i] * py[i])) return false;
        }
        return true;
    }

    /// <summary>
    /// Checks that <paramref name="noiseMatrix"/> is a square K×K matrix of finite entries ≥ −1e-6 whose columns sum to
    /// 1 within 1e-6 (the <c>[noisy, true]</c> convention), and returns K.
    /// </summary>
    internal static int ValidateColumnStochastic(double[,] noiseMatrix, string input)
    {
        ArgumentNullException.ThrowIfNull(noiseMatrix);
        int k = noiseMatrix.GetLength(0);
        if (k < 1 || noiseMatrix.GetLength(1) != k)
            throw new ActiveLabInputException(
                $"noise matrix must be square and non-empty, got {noiseMatrix.GetLength(0)}×{noiseMatrix.GetLength(1)}", input);
        for (int c = 0; c < k; c++)
        {
            double sum = 0;
            for (int r = 0; r < k; r++)
            {
                double v = noiseMatrix[r, c];
                if (!double.IsFinite(v) || v < -Tolerance)
                    throw new ActiveLabInputException($"noise matrix entry [{r}, {c}] = {v} is not a probability", input, r, c);
                sum += v;
            }
            if (Math.Abs(sum - 1.0) > Tolerance)
                throw new ActiveLabInputException(
                    $"noise matrix column {c} (true class {c}) sums to {sum}, expected 1 (convention nm[noisy, true])",
                    input, null, c);
        }
        return k;
    }

    private static void ValidatePy(ReadOnlySpan<double> py, int k, bool requireValid)
    {
        if (py.Length != k)
            throw new ActiveLabInputException($"py has {py.Length} entries, expected K = {k}", "py");
        double sum = 0;
        for (int i = 0; i < k; i++)
        {
            if (!double.IsFinite(py[i]) || py[i] < 0)
                throw new ActiveLabInputException($"py[{i}] = {py[i]} is not a probability", "py", null, i);
            if (requireValid && py[i] == 0)
                throw new ActiveLabInputException(
                    $"class {i} has frequency 0: no valid noise matrix exists (validity needs every class present)", "py", null, i);
            sum += py[i];
        }
        if (requireValid && !(Math.Abs(sum - 1.0) < Tolerance))
            throw new ActiveLabInputException($"py sums to {sum}, expected 1", "py");
    }
}
