using ActiveLab.Core;

namespace ActiveLab.Data;

/// <summary>
/// The 3000-row Wall Robot subset and its 2000/1000 train/test split (spec §1.3), the common start of every
/// Wall-Robot-based benchmark.
/// </summary>
/// <param name="Features">3000 × 4 subset features (class 0 rows first, then 1, 2, 3).</param>
/// <param name="Labels">3000 subset labels.</param>
/// <param name="Train">2000 row indices into the subset (permutation order).</param>
/// <param name="Test">1000 row indices into the subset.</param>
public sealed record WallRobotSubset(Matrix Features, int[] Labels, int[] Train, int[] Test)
{
    /// <summary>Rows per class in the subset: 1100, 900, 300, 700.</summary>
    public static IReadOnlyList<int> PerClass { get; } = [1100, 900, 300, 700];

    /// <summary>Size of the test part (test_size = 1/3 of 3000).</summary>
    public const int TestCount = 1000;

    /// <summary>True labels of the train part (length 2000).</summary>
    public int[] TrainLabels => Splits.Take(Labels, Train);

    /// <summary>The test part as a benchmark split.</summary>
    public BenchmarkSplit TestSplit() => BenchmarkSplit.FromRows(Features, Labels, Test);

    /// <summary>
    /// Builds the subset from the full table with stream (<paramref name="subsetSeed"/>, <paramref name="subsetDataset"/>,
    /// "subset") — per-class sampling, <see cref="Splits.PerClassSample"/> — then splits it 2000/1000 with stream
    /// (<paramref name="splitSeed"/>, <paramref name="splitDataset"/>, "split") — <see cref="Splits.TrainTest"/>.
    /// The extra benchmarks reuse the <c>wall-robot</c> subset (spec §1.7, "assume the wall-robot one") but split it
    /// with their own seed, hence the two (seed, dataset) pairs.
    /// </summary>
    public static WallRobotSubset Build(WallRobotDataset source, ulong subsetSeed, string subsetDataset, ulong splitSeed, string splitDataset)
    {
        ArgumentNullException.ThrowIfNull(source);
        int[] rows = Splits.PerClassSample(source.Labels, PerClass, ConstructionStreams.For(subsetSeed, subsetDataset, "subset"));
        var features = source.Features.SelectRows(rows);
        int[] labels = Splits.Take(source.Labels, rows);
        var (train, test) = Splits.TrainTest(rows.Length, TestCount, ConstructionStreams.For(splitSeed, splitDataset, "split"));
        return new WallRobotSubset(features, labels, train, test);
    }
}
