using ActiveLab.Data;

namespace ActiveLab.Models.Vision.Tests;

public class FeatureCacheTests
{
    private static (FeatureCache Cache, List<string> Warnings) NewCache(string dir)
    {
        var warnings = new List<string>();
        return (new FeatureCache(TestData.Featurizer, dir, w => { lock (warnings) warnings.Add(w); }), warnings);
    }

    [Fact]
    public void Features_are_computed_once_and_round_trip_through_the_cache_file()
    {
        string dir = TestData.TempDir();
        string images = TestData.WriteCifarFile(dir, 5);
        var (cache, warnings) = NewCache(Path.Combine(dir, "cache"));

        var first = cache.GetOrComputeDetailed(images, [3, 1, 3]);
        Assert.Equal((2, 0, true), (first.Computed, first.FromCache, first.Saved));
        Assert.Equal((3, 512), (first.Features.Rows, first.Features.Columns));
        Assert.Equal(first.Features.ReadRow(0).ToArray(), first.Features.ReadRow(2).ToArray());
        Assert.True(File.Exists(first.CachePath));
        Assert.StartsWith(Path.Combine(dir, "cache", "resnet18"), first.CachePath);
        Assert.Equal(88 + 5 + 4 * 5 * 512 + 32, new FileInfo(first.CachePath).Length);

        // A second cache object (a new process, say) reads the rows back and computes only what is missing.
        var (again, _) = NewCache(Path.Combine(dir, "cache"));
        var second = again.GetOrComputeDetailed(images, [1, 3, 0]);
        Assert.Equal((1, 2), (second.Computed, second.FromCache));
        Assert.Equal(first.Features.ReadRow(1).ToArray(), second.Features.ReadRow(0).ToArray());
        Assert.Equal(first.Features.ReadRow(0).ToArray(), second.Features.ReadRow(1).ToArray());

        var all = again.GetOrComputeDetailed(images);
        Assert.Equal((2, 3, 5), (all.Computed, all.FromCache, all.Features.Rows));
        var cached = again.GetOrComputeDetailed(images);
        Assert.Equal(0, cached.Computed);
        Assert.Equal(all.Features.Data, cached.Features.Data);
        // Cached values are exactly what the network computes (float32 widened to float64).
        var direct = TestData.Featurizer.Featurize(CifarBinaryReader.Read(images), [4]);
        Assert.Equal(direct.Select(v => (double)v).ToArray(), cached.Features.ReadRow(4).ToArray());
        Assert.Empty(warnings);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(first.CachePath)!, "*.tmp"));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    [InlineData("nan")]
    public void A_corrupt_cache_file_is_recomputed_with_a_warning(string damage)
    {
        string dir = TestData.TempDir();
        string images = TestData.WriteCifarFile(dir, 3);
        var (cache, warnings) = NewCache(dir);
        var good = cache.GetOrComputeDetailed(images);
        string file = good.CachePath;
        byte[] bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "flip": bytes[88 + 3 + 4 * 700] ^= 0x40; File.WriteAllBytes(file, bytes); break;
            case "truncate": File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]); break;
            case "garbage": File.WriteAllBytes(file, [1, 2, 3]); break;
            case "nan":
                // A NaN feature behind a valid checksum (e.g. written by a buggy tool) is refused too.
                BitConverter.GetBytes(float.NaN).CopyTo(bytes, 88 + 3 + 4 * 10);
                System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
                File.WriteAllBytes(file, bytes);
                break;
        }

        var recomputed = cache.GetOrComputeDetailed(images);
        Assert.Equal(3, recomputed.Computed);
        Assert.Equal(good.Features.Data, recomputed.Features.Data);
        var warning = Assert.Single(warnings);
        Assert.Contains(file, warning);
        Assert.Contains("recomputing", warning);
        // The rewritten file is valid again.
        Assert.Equal(0, cache.GetOrComputeDetailed(images).Computed);
        Assert.Single(warnings);
    }

    [Fact]
    public void The_key_changes_with_the_image_file_content()
    {
        string dir = TestData.TempDir();
        string a = TestData.WriteCifarFile(dir, 2, seed: 1);
        string b = Path.Combine(dir, "copy.bin");
        File.Copy(a, b);
        var (cache, _) = NewCache(dir);
        Assert.Equal(cache.CacheFilePath(a), cache.CacheFilePath(b));   // same bytes, same key
        var bytes = File.ReadAllBytes(b);
        bytes[^1] ^= 1;
        File.WriteAllBytes(b, bytes);
        File.SetLastWriteTimeUtc(b, DateTime.UtcNow.AddMinutes(1));
        Assert.NotEqual(cache.CacheFilePath(a), cache.CacheFilePath(b));
    }

    [Fact]
    public void A_read_only_cache_serves_cached_rows_without_the_onnx_files()
    {
        // The package's known hash is the featurizer's, so a process without the ONNX files finds the same cache file.
        Assert.Equal(TestData.Featurizer.ModelHash, ResNet18ModelFiles.PackageModelHash);
        Assert.Equal(ResNet18ModelFiles.PackageModelSha256, TestData.Featurizer.ModelSha256);
        string dir = TestData.TempDir();
        string images = TestData.WriteCifarFile(dir, 3);
        var (cache, _) = NewCache(dir);
        var computed = cache.GetOrCompute(images, [0, 2]);

        var readOnly = new FeatureCache(dir, ResNet18ModelFiles.PackageModelHash);
        Assert.Null(readOnly.Featurizer);
        Assert.Equal(cache.CacheFilePath(images), readOnly.CacheFilePath(images));
        Assert.Equal(computed.Data, readOnly.GetOrCompute(images, [0, 2]).Data);
        var e = Assert.Throws<InvalidOperationException>(() => readOnly.GetOrCompute(images, [1]));
        Assert.Contains("read-only", e.Message);
    }

    [Fact]
    public void An_index_outside_the_image_file_is_refused()
    {
        string dir = TestData.TempDir();
        string images = TestData.WriteCifarFile(dir, 2);
        var (cache, _) = NewCache(dir);
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.GetOrCompute(images, [2]));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_only_warns()
    {
        string dir = TestData.TempDir();
        string images = TestData.WriteCifarFile(dir, 1);
        string blocker = Path.Combine(dir, "blocked");
        File.WriteAllText(blocker, "a file where the cache folder should be");
        var (cache, warnings) = NewCache(blocker);
        var result = cache.GetOrComputeDetailed(images);
        Assert.Equal((1, false), (result.Computed, result.Saved));
        Assert.Contains("could not write", Assert.Single(warnings));
    }

    [Cifar10hFact]
    public void Cifar10h_parts_get_the_rows_of_their_image_indices()
    {
        // Pre-fill the real image file's cache with marker rows (row i = i everywhere), so no featurization is needed.
        var data = BenchmarkCatalog.Build("cifar-10h", new DataSettings(TestData.SharedDataDir!));
        Assert.NotNull(data.ImageSource);
        string dir = TestData.TempDir();
        var (cache, warnings) = NewCache(dir);
        int records = 10_000;
        var content = new FeatureCacheFile.Content(Enumerable.Repeat(true, records).ToArray(), new float[records * 512]);
        for (int r = 0; r < records; r++) content.Features.AsSpan(r * 512, 512).Fill(r);
        FeatureCacheFile.Write(cache.CacheFilePath(data.ImageSource!), records, 512, ResNet18Featurizer.PreprocessingVersion,
            FeatureCache.SourceHash(data.ImageSource!), TestData.Featurizer.ModelHash, content);

        var withFeatures = data.WithImageFeatures(cache);
        foreach (var part in new[] { withFeatures.Labeled, withFeatures.Unlabeled, withFeatures.Test })
        {
            Assert.Equal((part.Count, 512), (part.Features!.Rows, part.Features.Columns));
            for (int i = 0; i < part.Count; i += 97)
                Assert.Equal((double)part.ImageIndices![i], part.Features[i, 511]);
        }
        Assert.Equal((1000, 4000, 5000), (withFeatures.Labeled.Count, withFeatures.Unlabeled.Count, withFeatures.Test.Count));
        withFeatures.Validate();
        Assert.Empty(warnings);
    }
}
