using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace ActiveLab.Cluster.ProcessTests;

/// <summary>
/// Where the repository and the built <c>activelab</c> CLI are: the folder holding <c>ActiveLab.Cluster.sln</c>
/// (walking up from the test assembly) and <c>src/ActiveLab.Cli/bin/&lt;Configuration&gt;/net10.0/activelab.dll</c>,
/// built once here when missing. <c>ACTIVELAB_CLI_DLL</c> points at another build.
/// </summary>
internal static class Cli
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);
    private static readonly Lazy<string> DllLazy = new(LocateDll);

    /// <summary>The repository root (the folder of ActiveLab.Cluster.sln).</summary>
    public static string RepoRoot => RootLazy.Value;

    /// <summary>The shipped data folder (Wall Robot).</summary>
    public static string DataDir => Path.Combine(RepoRoot, "data");

    /// <summary>Full path of activelab.dll.</summary>
    public static string Dll => DllLazy.Value;

    /// <summary>The dotnet host that runs the CLI: the one the SDK exported for its children, else dotnet on PATH.</summary>
    public static string DotnetHost
    {
        get
        {
            string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActiveLab.Cluster.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"ActiveLab.Cluster.sln not found above {AppContext.BaseDirectory}");
    }

    private static string Configuration =>
        typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value
        is { Length: > 0 } c ? c : "Debug";

    private static string LocateDll()
    {
        string? overridden = Environment.GetEnvironmentVariable("ACTIVELAB_CLI_DLL");
        if (!string.IsNullOrWhiteSpace(overridden))
            return File.Exists(overridden) ? Path.GetFullPath(overridden)
                : throw new InvalidOperationException($"ACTIVELAB_CLI_DLL={overridden} does not exist");

        string project = Path.Combine(RepoRoot, "src", "ActiveLab.Cli", "ActiveLab.Cli.csproj");
        string dll = Path.Combine(RepoRoot, "src", "ActiveLab.Cli", "bin", Configuration, "net10.0", "activelab.dll");
        if (File.Exists(dll)) return dll;

        // Normally built already (this project references the CLI for build order); build it once otherwise.
        var psi = new ProcessStartInfo(DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
        foreach (var a in new[] { "build", project, "-c", Configuration, "--nologo", "-v", "q" }) psi.ArgumentList.Add(a);
        using var build = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet build");
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        if (!build.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            build.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"building the CLI ({project}) took more than 10 minutes");
        }
        if (build.ExitCode != 0 || !File.Exists(dll))
            throw new InvalidOperationException(
                $"the activelab CLI is not built and building it failed (exit {build.ExitCode}); expected {dll}. " +
                $"Build it with: dotnet build src/ActiveLab.Cli -c {Configuration}\n{stdout.Result}\n{stderr.Result}");
        return dll;
    }
}
