using ActiveLab.Core.Consensus;
using ActiveLab.Data;
using Xunit.Abstractions;

namespace ActiveLab.Data.Tests;

public class CifarTests(ITestOutputHelper output)
{
    private static string Dir => TestData.SharedDataDir!;

    [CifarFact]
    public void ImageFileMatchesTheLabelsCsv()
    {
        string path = Path.Combine(Dir, "cifar10-test", "cifar10_test_from_jpeg.bin.gz");
        var images = CifarBinaryReader.Read(path);
        int[] labels = Cifar10TestLabels.Read(CifarFiles.TestLabels(Dir)!);
        Assert.Equal(10000, images.Count);
        Assert.Equal(10000 * 3072, images.Pixels.Length);
        Assert.Equal(labels, images.Labels.Select(b => (int)b).ToArray());
        Assert.Equal(Enumerable.Range(0, 10000), images.Indices);
        Assert.Equal(new[] { 3, 8, 8, 0, 6, 6, 1, 6, 3, 1 }, labels[..10]);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(1000, labels.Count(y => y == c)));
    }

    [SkippableFact]
    public void LosslessSubsetAgreesWithTheLabels()
    {
        Skip.IfNot(TestData.HasCifar, TestData.CifarSkipReason);
        string path = Path.Combine(Dir, "cifar10-test", "cifar10_test_lossless_subset.bin.gz");
        Skip.IfNot(File.Exists(path), $"the lossless CIFAR-10 test subset is absent ({path}); nothing to check");
        var subset = CifarBinaryReader.Read(path, CifarRecordLayout.IndexedSubset);
        int[] labels = Cifar10TestLabels.Read(CifarFiles.TestLabels(Dir)!);
        Assert.Equal(4593, subset.Count);
        for (int r = 0; r < subset.Count; r++) Assert.Equal(labels[subset.Indices[r]], subset.Labels[r]);
        // Same image in the JPEG-decoded file is close (mean abs error ≈ 5.7/255, data README).
        var jpeg = CifarBinaryReader.Read(Path.Combine(Dir, "cifar10-test", "cifar10_test_from_jpeg.bin.gz"), maxRecords: subset.Indices[0] + 1);
        var a = subset.ImageOf(0);
        var b = jpeg.ImageOf(subset.Indices[0]);
        double mae = 0;
        for (int p = 0; p < a.Length; p++) mae += Math.Abs(a[p] - b[p]);
        Assert.InRange(mae / a.Length, 0, 20);
    }

    [CifarFact]
    public void CountsCsvAndNpyAgree()
    {
        var csv = Cifar10hCounts.Read(Path.Combine(Dir, "cifar10h", "cifar10h-counts.csv"));
        var npy = Cifar10hCounts.Read(Path.Combine(Dir, "cifar10h", "cifar10h-counts.npy.gz"));
        Assert.Equal(csv, npy);
        Assert.Equal(10000, csv.GetLength(0));
        long total = 0;
        foreach (int v in csv) total += v;
        Assert.Equal(511000, total);
    }

    [CifarFact]
    public void CountsOnlyBenchmarkHasTheDistributedShape()
    {
        var data = TestData.Benchmark("cifar-10h");
        BenchmarkAssertions.AssertShape(data, 1000, 4000, 5000, 10, 334);
        Assert.True(data.IsImageBenchmark);
        Assert.Null(data.Labeled.Features);
        Assert.Equal(10000, data.Labeled.ImageIndices!.Concat(data.Unlabeled.ImageIndices!).Concat(data.Test.ImageIndices!).Distinct().Count());
        Assert.NotNull(data.ImageSource);
        Assert.Equal(1447, data.InitialLabels.Count);
        var summary = DatasetSummary.Of(data);
        output.WriteLine(summary.ToJsonString(indented: false));
        Assert.Equal(new Dictionary<int, int> { [1] = 738, [2] = 85, [3] = 174, [5] = 1, [6] = 2 }, summary.LabelCountHistogram);
        Assert.InRange(summary.MajorityVoteAccuracy, 0.80, 0.84);
        Assert.Equal(data.PoolLabeled.Count + data.PoolUnlabeled.Count,
            Enumerable.Range(0, 1000).Sum(i => data.PoolLabeled.CountInRow(i)) + Enumerable.Range(0, 4000).Sum(i => data.PoolUnlabeled.CountInRow(i)));
        Assert.InRange(data.PoolLabeled.Count / 1000.0, 47, 63);
        // Pools are the images' CIFAR-10H label multisets.
        var counts = Cifar10hCounts.Read(CifarFiles.Counts(Dir)!);
        int image = data.Labeled.ImageIndices![0];
        Assert.Equal(Enumerable.Range(0, 10).Sum(c => counts[image, c]), data.PoolLabeled.CountInRow(0));
    }

    [CifarFact]
    public void CountsOnlyInitialLabelsAreDeterministicAndMajorityVoteIsExact()
    {
        var a = BenchmarkCatalog.Build("cifar-10h", new DataSettings(Dir, 5));
        var b = BenchmarkCatalog.Build("cifar-10h", new DataSettings(Dir, 5));
        Assert.True(BenchmarkAssertions.SameData(a, b));
        Assert.False(BenchmarkAssertions.SameData(a, TestData.Benchmark("cifar-10h")));
        int[] vote = MajorityVote.Compute(a.InitialLabels, numClasses: 10);
        Assert.Equal(822, vote.Zip(a.Labeled.TrueLabels).Count(p => p.First == p.Second));
    }

    [CifarFact]
    public void RawFileIsPreferredWhenPresent()
    {
        // A tiny raw file: 3 annotators labeling every image once (image i by annotator i % 3), plus attention checks.
        string dir = TestData.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "cifar10h"));
        Directory.CreateDirectory(Path.Combine(dir, "cifar10-test"));
        File.Copy(CifarFiles.TestLabels(Dir)!, Path.Combine(dir, "cifar10-test", "cifar10_test_labels.csv"));
        int[] y = Cifar10TestLabels.Read(CifarFiles.TestLabels(Dir)!);
        using (var w = new StreamWriter(Path.Combine(dir, "cifar10h", "cifar10h-raw.csv")))
        {
            w.WriteLine("annotator_id,is_attn_check,chosen_label,image_filename,cifar10_test_test_idx");
            for (int a = 0; a < 60; a++) w.WriteLine($"{a},1,0,\"attn, check.png\",-99999");
            for (int i = 0; i < 10000; i++)
                for (int a = 0; a < 60; a++)
                    if ((i + a) % 20 == 0) w.WriteLine($"{a},0,{(a < 40 ? y[i] : (y[i] + 1) % 10)},img_{i}.png,{i}");
        }
        var raw = Cifar10hRawLabels.Read(Path.Combine(dir, "cifar10h", "cifar10h-raw.csv"));
        Assert.Equal(10000, raw.Rows);
        Assert.Equal(60, raw.Columns);
        Assert.Equal(30000, raw.Count);
        var data = Cifar10hBenchmark.Build(dir);
        Assert.Contains("raw annotations", data.Provenance);
        BenchmarkAssertions.AssertShape(data, 1000, 4000, 5000, 10, null);
        Assert.Equal(60, data.CompleteLabeled!.Columns);
        Assert.Null(data.ImageSource);
    }
}
