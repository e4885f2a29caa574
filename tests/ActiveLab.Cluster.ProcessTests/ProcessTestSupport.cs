using Xunit.Abstractions;

namespace ActiveLab.Cluster.ProcessTests;

/// <summary>The opt-in switch: these tests start real processes for minutes, so they run only when asked.</summary>
internal static class ProcessTestGate
{
    public const string Variable = "ACTIVELAB_PROCESS_TESTS";
    public const string PostgresVariable = "ACTIVELAB_TEST_POSTGRES";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Skips the calling test (visibly, with the reason) unless ACTIVELAB_PROCESS_TESTS=1.</summary>
    public static void Require() =>
        Skip.IfNot(Enabled, $"process tests are opt-in: set {Variable}=1 (CI runs them in their own step: " +
                            $"{Variable}=1 dotnet test tests/ActiveLab.Cluster.ProcessTests)");
}

/// <summary>All process tests share one collection: they run one after another (2-core machine) and share the reference run.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection : ICollectionFixture<ReferenceSweep>
{
    public const string Name = "process";
}

/// <summary>
/// R0: the uninterrupted single-node run of the standard <see cref="SweepSpec"/>, computed once on first use (never
/// when the tests are skipped) and shared by every test that compares against it.
/// </summary>
public sealed class ReferenceSweep : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Reference? _value;
    private readonly Workspace _workspace = new("reference");

    internal sealed record Reference(SweepResults Results, string SweepDir, string Config, int ExitCode, string Output, Progress? Final, TimeSpan Wall);

    internal static SweepSpec Spec { get; } = new() { Name = "proc" };

    internal async Task<Reference> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_value is not null) return _value;
            string results = _workspace.File("results");
            string config = Spec.Write(_workspace.File("reference.conf"), results);
            using var run = CliProcess.Start("reference-run", _workspace.Path, "run", "--config", config, "--slots", "2");
            var started = DateTime.UtcNow;
            int code = await run.WaitForExitAsync(TimeSpan.FromMinutes(8));
            var wall = DateTime.UtcNow - started;
            if (code != 0)
            {
                _workspace.Keep = true;
                throw new InvalidOperationException($"the reference run exited {code} (logs in {_workspace.Path})\n{run.Tail()}");
            }
            string sweepDir = Path.Combine(results, Spec.Name);
            _value = new Reference(SweepResults.Read(sweepDir), sweepDir, config, code, run.Output, run.LastProgress, wall);
            return _value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _workspace.Dispose();
}

/// <summary>Base of the process test classes: a workspace per test, kept (and named in the output) when the test fails.</summary>
public abstract class ProcessTestBase(ReferenceSweep reference, ITestOutputHelper output)
{
    protected static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(6);
    protected static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    protected ReferenceSweep Reference { get; } = reference;
    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Runs <paramref name="body"/> in a fresh workspace; on failure keeps it and prints where its logs are.</summary>
    private protected async Task InWorkspace(string name, Func<Workspace, Task> body)
    {
        using var ws = new Workspace(name);
        var started = DateTime.UtcNow;
        try
        {
            await body(ws);
            Output.WriteLine($"{name}: {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        }
        catch
        {
            ws.Keep = true;
            Output.WriteLine($"{name} failed after {(DateTime.UtcNow - started).TotalSeconds:0.0} s; process logs kept in {ws.Path}");
            throw;
        }
    }

    /// <summary>Runs <c>activelab status</c> for <paramref name="config"/> and returns (exit code, output).</summary>
    private protected static async Task<(int Code, string Output)> StatusAsync(Workspace ws, string config, string logName = "status")
    {
        using var status = CliProcess.Start(logName, ws.Path, "status", "--config", config);
        int code = await status.WaitForExitAsync(StartTimeout);
        return (code, status.Output);
    }

    /// <summary>Seed arguments on a free loopback port, and the address workers join.</summary>
    private protected static (string[] Args, string Address) SeedArgs(string config)
    {
        string port = Cli.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (["seed", "--config", config, "--port", port, "--host", "127.0.0.1"], $"akka.tcp://activelab@127.0.0.1:{port}");
    }

    private protected static Task WaitForSeedAddressAsync(CliProcess seed) =>
        seed.WaitForLineAsync(l => l.Contains("start trainers with", StringComparison.Ordinal), StartTimeout, "the seed's address line");

    /// <summary>A 1-slot worker. Its --results-dir (ignored by workers) names the workspace, so a stray worker is
    /// recognisable by its command line (.ci/run ends such leftovers if a test host ever dies).</summary>
    private protected static CliProcess StartWorker(Workspace ws, string name, string seedAddress) =>
        CliProcess.Start(name, ws.Path, "worker", "--seed", seedAddress, "--slots", "1", "--data-dir", Cli.DataDir, "--host", "127.0.0.1",
            "--results-dir", ws.File("results"));

    /// <summary>Starts the seed again on the same port; retries a few times while the old port is still held.</summary>
    private protected static async Task<CliProcess> RestartSeedAsync(Workspace ws, string name, string[] args)
    {
        for (int attempt = 1; ; attempt++)
        {
            var seed = CliProcess.Start(attempt == 1 ? name : $"{name}-try{attempt}", ws.Path, args);
            try
            {
                await WaitForSeedAddressAsync(seed);
                return seed;
            }
            catch (TimeoutException) when (attempt < 5 && seed.HasExited)
            {
                seed.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
            catch
            {
                seed.Dispose();
                throw;
            }
        }
    }

    /// <summary>Asserts the process exited with <paramref name="expected"/>, showing its last lines otherwise.</summary>
    /// <summary>The only stderr line of <paramref name="p"/>, which must be "error: …".</summary>
    private protected static string SingleErrorLine(CliProcess p)
    {
        var stderr = p.Lines.Where(l => l.StartsWith("[stderr] ", StringComparison.Ordinal))
            .Select(l => l["[stderr] ".Length..]).Where(l => l.Trim().Length > 0).ToArray();
        Assert.True(stderr.Length == 1 && stderr[0].StartsWith("error: ", StringComparison.Ordinal),
            $"{p.Name}: expected one 'error: …' line on stderr, got {stderr.Length}:\n{string.Join('\n', stderr)}");
        return stderr[0];
    }

    private protected static async Task ExpectExitAsync(CliProcess p, int expected, TimeSpan timeout)
    {
        int code = await p.WaitForExitAsync(timeout);
        Assert.True(code == expected, $"{p.Name} exited {code}, expected {expected}\n{p.Tail()}");
    }
}
