using ActiveLab.Core;
using ActiveLab.Data;

namespace ActiveLab.Models.Vision;

/// <summary>Attaches cached ResNet-18 features to an image benchmark (cifar-10h).</summary>
public static class BenchmarkImageFeatures
{
    /// <summary>
    /// The benchmark with 512-d features on its labeled, unlabeled and test parts (row-aligned with their
    /// <see cref="BenchmarkSplit.ImageIndices"/>), computed once for all needed images of
    /// <see cref="BenchmarkData.ImageSource"/> through <paramref name="cache"/>. cifar-10h needs all 10,000 test images
    /// (7–10 min on one CPU thread the first time, see the README; then under a second from the cache).
    /// </summary>
    /// <exception cref="InvalidOperationException">Not an image benchmark, or its image file was not found.</exception>
    public static BenchmarkData WithImageFeatures(this BenchmarkData data, FeatureCache cache, IProgress<int>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cache);
        if (!data.IsImageBenchmark)
            throw new InvalidOperationException($"{data.Name} is not an image benchmark (its parts carry no image indices)");
        if (data.ImageSource is null)
            throw new InvalidOperationException(
                $"{data.Name}: the CIFAR-10 test image file was not found in the data directory " +
                "(cifar10-test/cifar10_test_from_jpeg.bin.gz or cifar-10-batches-bin/test_batch.bin)");
        int[] labeled = data.Labeled.ImageIndices!, unlabeled = data.Unlabeled.ImageIndices!, test = data.Test.ImageIndices!;
        int[] all = [.. labeled, .. unlabeled, .. test];
        var features = cache.GetOrCompute(data.ImageSource, all, progress, cancellation);
        Matrix Slice(int offset, int count) =>
            new(count, features.Columns, features.Data.AsSpan(offset * features.Columns, count * features.Columns).ToArray());
        return data.WithFeatures(Slice(0, labeled.Length), Slice(labeled.Length, unlabeled.Length),
            Slice(labeled.Length + unlabeled.Length, test.Length));
    }

    /// <summary>
    /// Convenience for programs: builds a CPU featurizer (<paramref name="options"/>) and a cache in
    /// <paramref name="cacheDirectory"/> (default <c>&lt;dataDir&gt;/cache</c>) and attaches the features.
    /// </summary>
    public static BenchmarkData WithImageFeatures(this BenchmarkData data, string dataDir, string? cacheDirectory = null,
        ResNet18FeaturizerOptions? options = null, Action<string>? warn = null, IProgress<int>? progress = null,
        CancellationToken cancellation = default)
    {
        using var featurizer = new ResNet18Featurizer(options);
        var cache = new FeatureCache(featurizer, cacheDirectory ?? FeatureCache.DefaultDirectory(dataDir), warn);
        return data.WithImageFeatures(cache, progress, cancellation);
    }
}
