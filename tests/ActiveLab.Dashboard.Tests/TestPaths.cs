using System.Net;
using System.Net.Sockets;

namespace ActiveLab.Dashboard.Tests;

internal static class TestPaths
{
    /// <summary>The repository root (the folder holding ActiveLab.Cluster.sln).</summary>
    public static string RepoRoot { get; } = Find();

    /// <summary>The datasets: $ACTIVELAB_DATA_DIR, else the repository's data/ (Wall Robot is committed there).</summary>
    public static string Data => Environment.GetEnvironmentVariable("ACTIVELAB_DATA_DIR") is { Length: > 0 } d ? d : Path.Combine(RepoRoot, "data");

    /// <summary>Where tests leave files worth looking at (screenshots): TestResults/dashboard/ in the repository.</summary>
    public static string Results
    {
        get
        {
            string dir = Path.Combine(RepoRoot, "TestResults", "dashboard");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActiveLab.Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    /// <summary>A fresh temporary folder.</summary>
    public static string TempDir()
    {
        var path = Path.Combine(Path.GetTempPath(), "activelab-dashboard-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A TCP port that was free a moment ago.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
