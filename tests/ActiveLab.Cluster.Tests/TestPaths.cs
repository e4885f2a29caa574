namespace ActiveLab.Cluster.Tests;

internal static class TestPaths
{
    /// <summary>The repository root (the folder holding ActiveLab.Cluster.sln).</summary>
    public static string RepoRoot { get; } = Find();

    public static string Data => Path.Combine(RepoRoot, "data");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActiveLab.Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    /// <summary>A fresh temporary folder.</summary>
    public static string TempDir()
    {
        var path = Path.Combine(Path.GetTempPath(), "activelab-cluster-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }
}
