using ActiveLab.Data;

namespace ActiveLab.Data.Tests;

/// <summary>
/// Where the tests find data: the repository's <c>data/</c> (Wall Robot, always present) and the shared data folder
/// (CIFAR): environment variable ACTIVELAB_DATA_DIR, else <c>../shared/data</c> next to the repository root.
/// Built benchmarks are cached so the suite stays fast.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private static readonly Dictionary<string, BenchmarkData> Cache = new();
    private static readonly object Gate = new();

    public static string RepositoryRoot => Root.Value;

    public static string RepoDataDir => Path.Combine(RepositoryRoot, "data");

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

    /// <summary>Whether the shared folder holds what the CIFAR tests need.</summary>
    public static bool HasCifar =>
        SharedDataDir is string d && CifarFiles.Counts(d) is not null && CifarFiles.TestLabels(d) is not null
        && CifarFiles.TestImages(d) is not null;

    public const string CifarSkipReason =
        "CIFAR data not found: set ACTIVELAB_DATA_DIR to the shared data folder (with cifar10h/ and cifar10-test/ incl. the image file) or place it at ../shared/data";

    /// <summary>A benchmark built with default settings (cached per name).</summary>
    public static BenchmarkData Benchmark(string name)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(name, out var data))
            {
                string dir = name == BenchmarkNames.Cifar10h ? SharedDataDir! : RepoDataDir;
                data = BenchmarkCatalog.Build(name, new DataSettings(dir));
                Cache[name] = data;
            }
            return data;
        }
    }

    private static readonly Lazy<string> TempRoot = new(() =>
    {
        string parent = Path.Combine(Path.GetTempPath(), "activelab-data-tests");
        string root = Path.Combine(parent, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        // The test host does not always raise ProcessExit: also sweep folders left by earlier runs.
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

/// <summary>A fact that is reported as skipped, with the reason, when the shared CIFAR data is absent.</summary>
public sealed class CifarFactAttribute : FactAttribute
{
    public CifarFactAttribute()
    {
        if (!TestData.HasCifar) Skip = TestData.CifarSkipReason;
    }
}
