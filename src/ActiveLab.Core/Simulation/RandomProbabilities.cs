using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Simulation;

/// <summary>
/// Random probability vectors with a given sum and per-entry bounds: the building block of
/// <see cref="NoiseMatrix.FromTrace"/> (cleanlab's <c>generate_n_rand_probabilities_that_sum_to_m</c>, spec §1.1(a)).
/// </summary>
internal static class RandomProbabilities
{
    /// <summary>Tolerance of every bound comparison (cleanlab's <c>FLOATING_POINT_COMPARISON</c>).</summary>
    internal const double Tolerance = 1e-6;

    /// <summary>Safety stop for the repair loops; they converge geometrically, so this is never reached in practice.</summary>
    internal const int MaxRepairIterations = 1_000_000;

    /// <summary>
    /// <paramref name="n"/> values drawn as Dirichlet(1, …, 1)·<paramref name="sum"/>, then repaired so every entry lies in
    /// [<paramref name="minProb"/>, <paramref name="maxProb"/>] (each bound with tolerance 1e-6) while the sum is kept:
    /// <list type="number">
    /// <item>while max &gt; maxProb + tol: newMin = min + (max − maxProb), adj = (maxProb − newMin)·U(0,1);
    /// write newMin + adj at the (first) argmin, then maxProb − adj at the (first) argmax of the updated vector;</item>
    /// <item>while min &lt; minProb − tol: newMax = max − (minProb − min), adj = (newMax − minProb)·U(0,1);
    /// write newMax − adj at the argmax, then minProb + adj at the argmin of the updated vector.</item>
    /// </list>
    /// Throws <see cref="ActiveLabInputException"/> when the bounds cannot hold (maxProb + tol &lt; sum/n or
    /// minProb &gt; (sum + tol)/n), like cleanlab's ValueError.
    /// </summary>
    internal static double[] SummingTo(int n, double sum, double maxProb, double minProb, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0) return [];
        if (!double.IsFinite(sum))
            throw new ActiveLabInputException($"the target sum must be finite, got {sum}", "sum");
        if (maxProb + Tolerance < sum / n)
            throw new ActiveLabInputException(
                $"cannot draw {n} values summing to {sum} with each at most {maxProb} (sum / n = {sum / n})", "sum");
        if (minProb > (sum + Tolerance) / n)
            throw new ActiveLabInputException(
                $"cannot draw {n} values summing to {sum} with each at least {minProb} (sum / n = {sum / n})", "sum");

        var result = new double[n];
        rng.NextFlatDirichlet(result);
        for (int i = 0; i < n; i++) result[i] *= sum;

        int iterations = 0;
        while (Max(result) > maxProb + Tolerance)
        {
            CheckIterations(ref iterations);
            double min = Min(result), max = Max(result);
            double newMin = min + (max - maxProb);
            double adjustment = (maxProb - newMin) * rng.NextDouble();
            result[ArgMin(result)] = newMin + adjustment;
            result[ArgMax(result)] = maxProb - adjustment;
        }

        while (Min(result) < minProb - Tolerance)
        {
            CheckIterations(ref iterations);
            double min = Min(result), max = Max(result);
            double newMax = max - (minProb - min);
            double adjustment = (newMax - minProb) * rng.NextDouble();
            result[ArgMax(result)] = newMax - adjustment;
            result[ArgMin(result)] = minProb + adjustment;
        }

        return result;
    }

    private static void CheckIterations(ref int iterations)
    {
        if (++iterations > MaxRepairIterations)
            throw new InvalidOperationException(
                $"the probability repair loop did not converge within {MaxRepairIterations} iterations");
    }

    private static double Min(double[] v)
    {
        double m = v[0];
        for (int i = 1; i < v.Length; i++) if (v[i] < m) m = v[i];
        return m;
    }

    private static double Max(double[] v)
    {
        double m = v[0];
        for (int i = 1; i < v.Length; i++) if (v[i] > m) m = v[i];
        return m;
    }

    private static int ArgMin(double[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] < v[best]) best = i;
        return best;
    }

    private static int ArgMax(double[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
