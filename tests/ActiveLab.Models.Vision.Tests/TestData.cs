using ActiveLab.Data;

namespace ActiveLab.Models.Vision.Tests;

/// <summary>
/// Test inputs: the shared data folder (ACTIVELAB_DATA_DIR, else <c>../shared/data</c> next to the repository root) for
/// the real CIFAR-10 test images, synthetic CIFAR files in temporary folders, and one featurizer per test process.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private static readonly Lazy<ResNet18Featurizer> SharedFeaturizer = new(() => new ResNet18Featurizer(new ResNet18FeaturizerOptions { IntraOpThreads = 1, BatchSize = 4 }));

    public static string RepositoryRoot => Root.Value;

    /// <summary>One CPU featurizer (1 thread) shared by the tests; ONNX Runtime sessions are thread-safe.</summary>
    public static ResNet18Featurizer Featurizer => SharedFeaturizer.Value;

    /// <summary>The shared data folder, or null when absent.</summary>
    public static string? SharedDataDir
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("ACTIVELAB_DATA_DIR");
            if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
            string candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
            return Directory.Exists(candidate) ? candidate : null;
        }
    }

    /// <summary>The CIFAR-10 test image file of the shared data folder, or null.</summary>
    public static string? CifarTestImages => SharedDataDir is string d ? CifarFiles.TestImages(d) : null;

    /// <summary>Whether the cifar-10h benchmark can be built (counts, labels and images).</summary>
    public static bool HasCifar10h =>
        SharedDataDir is string d && CifarFiles.Counts(d) is not null && CifarFiles.TestLabels(d) is not null && CifarFiles.TestImages(d) is not null;

    public const string CifarSkipReason =
        "CIFAR-10 test images not found: set ACTIVELAB_DATA_DIR to the shared data folder (with cifar10-test/cifar10_test_from_jpeg.bin.gz) or place it at ../shared/data";

    private static readonly Lazy<CifarImages?> FirstImages = new(() =>
        CifarTestImages is string path ? CifarBinaryReader.Read(path, maxRecords: 16) : null);

    /// <summary>The first 16 real CIFAR-10 test images (null without the shared data).</summary>
    public static CifarImages? RealImages => FirstImages.Value;

    /// <summary>Writes a standard-layout CIFAR file of <paramref name="count"/> images: the real ones when available, else random pixels.</summary>
    public static string WriteCifarFile(string dir, int count, int seed = 1)
    {
        var random = new Random(seed);
        var real = RealImages;
        string path = Path.Combine(dir, $"images-{count}-{seed}.bin");
        using var stream = File.Create(path);
        for (int r = 0; r < count; r++)
        {
            stream.WriteByte((byte)(r % 10));
            var pixels = new byte[CifarImages.ImageBytes];
            if (real is not null && r < real.Count) real.ImageOf(r).CopyTo(pixels);
            else random.NextBytes(pixels);
            stream.Write(pixels);
        }
        return path;
    }

    private static readonly Lazy<string> TempRoot = new(() =>
    {
        string parent = Path.Combine(Path.GetTempPath(), "activelab-vision-tests");
        string root = Path.Combine(parent, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        foreach (var stale in new DirectoryInfo(parent).GetDirectories())
            if (stale.FullName != root && stale.CreationTimeUtc < DateTime.UtcNow.AddHours(-1))
                try { stale.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return root;
    });

    /// <summary>A fresh empty folder, removed when the test process exits.</summary>
    public static string TempDir()
    {
        string dir = Path.Combine(TempRoot.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActiveLab.Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (ActiveLab.Cluster.sln) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact reported as skipped, with the reason, when the shared CIFAR-10 test images are absent.</summary>
public sealed class CifarImagesFactAttribute : FactAttribute
{
    public CifarImagesFactAttribute()
    {
        if (TestData.CifarTestImages is null) Skip = TestData.CifarSkipReason;
    }
}

/// <summary>A fact reported as skipped, with the reason, when the cifar-10h benchmark cannot be built.</summary>
public sealed class Cifar10hFactAttribute : FactAttribute
{
    public Cifar10hFactAttribute()
    {
        if (!TestData.HasCifar10h) Skip = TestData.CifarSkipReason;
    }
}
