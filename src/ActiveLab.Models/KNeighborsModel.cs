using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ActiveLab.Core;

namespace ActiveLab.Models;

/// <summary>
/// A fitted k-nearest-neighbours model: the training rows (n × F) and labels (length n).
/// <para>
/// Prediction for a query row: take the k training rows with the smallest Euclidean distance (ties broken by the lower
/// training index). With distance weighting each neighbour votes 1/d for its class; if any neighbour has d = 0, only
/// the zero-distance neighbours vote, each with weight 1 (sklearn's <c>_get_weights</c>). Votes are normalised to sum 1.
/// </para>
/// </summary>
public sealed class KNeighborsModel : IFittedClassifier
{
    private readonly double[] _x;  // n × F row-major copy
    private readonly int[] _y;
    private readonly int _k;
    private readonly bool _distanceWeighted;

    internal KNeighborsModel(KNeighborsOptions options, double[] x, int[] y, int numFeatures, int numClasses)
    {
        _x = x;
        _y = y;
        NumFeatures = numFeatures;
        NumClasses = numClasses;
        _k = Math.Min(options.Neighbors, y.Length);
        _distanceWeighted = options.DistanceWeighted;
    }

    /// <inheritdoc />
    public int NumFeatures { get; }

    /// <inheritdoc />
    public int NumClasses { get; }

    /// <summary>Number of stored training rows.</summary>
    public int TrainingRows => _y.Length;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictProba(Matrix x, Matrix destination)
    {
        TrainingInput.ValidatePredict(x, destination, NumFeatures, NumClasses);
        int k = _k;
        Span<double> bestD2 = k <= 64 ? stackalloc double[k] : new double[k];
        Span<int> bestIndex = k <= 64 ? stackalloc int[k] : new int[k];
        for (int i = 0; i < x.Rows; i++)
        {
            FindNeighbours(x.ReadRow(i), bestD2, bestIndex);
            Vote(bestD2, bestIndex, destination.Row(i));
        }
    }

    /// <summary>The k nearest rows, sorted by (squared distance, index) ascending.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FindNeighbours(ReadOnlySpan<double> query, Span<double> bestD2, Span<int> bestIndex)
    {
        int k = bestD2.Length;
        int f = NumFeatures;
        int n = _y.Length;
        bestD2.Fill(double.PositiveInfinity);
        bestIndex.Fill(-1);
        double worst = double.PositiveInfinity;
        var data = _x.AsSpan();
        bool wide = Vector.IsHardwareAccelerated && f >= WideFeatures;
        for (int j = 0; j < n; j++)
        {
            var row = data.Slice(j * f, f);
            double d2 = wide ? SquaredDistanceSimd(row, query) : SquaredDistance(row, query);
            // Strict comparisons keep the earlier training row first among equal distances.
            if (d2 < worst || bestIndex[k - 1] < 0)
            {
                int pos = k - 1;
                while (pos > 0 && (d2 < bestD2[pos - 1] || bestIndex[pos - 1] < 0))
                {
                    bestD2[pos] = bestD2[pos - 1];
                    bestIndex[pos] = bestIndex[pos - 1];
                    pos--;
                }
                bestD2[pos] = d2;
                bestIndex[pos] = j;
                worst = bestD2[k - 1];
            }
        }
    }

    /// <summary>
    /// From this many features on, distances are summed with SIMD lanes (a different summation order, so last-bit
    /// differences); below it, the exact sequential order of the tabular benchmarks (Wall Robot has 4 features) is kept.
    /// Image features (512) make the distance loop the whole cost of a prediction: SIMD makes it several times faster.
    /// </summary>
    internal const int WideFeatures = 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double d2 = 0;
        for (int c = 0; c < a.Length; c++)
        {
            double diff = a[c] - b[c];
            d2 += diff * diff;
        }
        return d2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SquaredDistanceSimd(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var acc = Vector<double>.Zero;
        for (int v = 0; v < va.Length; v++)
        {
            var diff = va[v] - vb[v];
            acc += diff * diff;
        }
        double d2 = Vector.Sum(acc);
        for (int c = va.Length * Vector<double>.Count; c < a.Length; c++)
        {
            double diff = a[c] - b[c];
            d2 += diff * diff;
        }
        return d2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Vote(ReadOnlySpan<double> bestD2, ReadOnlySpan<int> bestIndex, Span<double> proba)
    {
        proba.Clear();
        int k = bestD2.Length;
        bool anyZero = false;
        for (int j = 0; j < k; j++) anyZero |= bestD2[j] == 0;
        for (int j = 0; j < k; j++)
        {
            double w;
            if (!_distanceWeighted) w = 1;
            else if (anyZero) w = bestD2[j] == 0 ? 1 : 0;
            else w = 1.0 / Math.Sqrt(bestD2[j]);
            proba[_y[bestIndex[j]]] += w;
        }
        double sum = 0;
        foreach (double p in proba) sum += p;
        if (sum == 0) sum = 1;  // sklearn's normalizer guard (cannot happen with k ≥ 1)
        for (int c = 0; c < proba.Length; c++) proba[c] /= sum;
    }
}
