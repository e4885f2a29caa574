using ActiveLab.Core;

namespace ActiveLab.Data;

/// <summary>
/// One part of a benchmark (labeled L, unlabeled U or test): the examples' inputs and true labels, row-aligned.
/// Tabular benchmarks carry <see cref="Features"/>; image benchmarks carry <see cref="ImageIndices"/> (CIFAR-10 test
/// indices 0..9999) and no features until a trainer computes them — a trainer maps every image index to a cached
/// feature row (e.g. a 512-d embedding) and calls <see cref="WithFeatures"/> (or <see cref="BenchmarkData.WithFeatures"/>).
/// </summary>
/// <param name="Features">N × d features (Wall Robot: N × 4 raw distances), or null for images without computed features.</param>
/// <param name="ImageIndices">Length N image indices into the benchmark's image source, or null for tabular data.</param>
/// <param name="TrueLabels">Length N true class labels 0..K−1 (evaluation only).</param>
public sealed record BenchmarkSplit(Matrix? Features, int[]? ImageIndices, int[] TrueLabels)
{
    /// <summary>N: number of examples.</summary>
    public int Count => TrueLabels.Length;

    /// <summary>An empty part (e.g. the unlabeled pool of <c>wall-robot-complete</c>) with <paramref name="featureCount"/> columns.</summary>
    public static BenchmarkSplit Empty(int featureCount, bool images = false) =>
        new(images ? null : new Matrix(0, featureCount), images ? [] : null, []);

    /// <summary>Tabular part: rows <paramref name="rows"/> of <paramref name="features"/> and <paramref name="labels"/>.</summary>
    public static BenchmarkSplit FromRows(Matrix features, ReadOnlySpan<int> labels, ReadOnlySpan<int> rows) =>
        new(features.SelectRows(rows), null, Splits.Take(labels, rows));

    /// <summary>The same part with features attached (N × d, row-aligned).</summary>
    public BenchmarkSplit WithFeatures(Matrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Rows != Count)
            throw new ArgumentException($"features have {features.Rows} rows but the part has {Count} examples", nameof(features));
        return this with { Features = features };
    }

    /// <summary>Throws unless features, image indices and labels are row-aligned.</summary>
    internal void Validate(string part)
    {
        if (Features is not null && Features.Rows != Count)
            throw new InvalidOperationException($"{part}: {Features.Rows} feature rows but {Count} labels");
        if (ImageIndices is not null && ImageIndices.Length != Count)
            throw new InvalidOperationException($"{part}: {ImageIndices.Length} image indices but {Count} labels");
        if (Features is null && ImageIndices is null)
            throw new InvalidOperationException($"{part}: neither features nor image indices");
    }
}
