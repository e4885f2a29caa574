using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace ActiveLab.ClusterBenchmarks;

/// <summary>Where the repository, its data and the built CLI are.</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = FindRoot();
    public static string DataDir => Path.Combine(RepoRoot, "data");

    public static string Configuration =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Release";

    /// <summary>activelab.dll of the same configuration as this program (ACTIVELAB_CLI_DLL overrides).</summary>
    public static string CliDll
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("ACTIVELAB_CLI_DLL");
            string dll = !string.IsNullOrWhiteSpace(env) ? env
                : Path.Combine(RepoRoot, "src", "ActiveLab.Cli", "bin", Configuration, "net10.0", "activelab.dll");
            return File.Exists(dll) ? dll
                : throw new FileNotFoundException($"the CLI is not built: {dll} (dotnet build -c {Configuration} src/ActiveLab.Cli)");
        }
    }

    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";

    /// <summary>dotnet-counters when installed: $DOTNET_COUNTERS, ~/.dotnet/tools, or PATH.</summary>
    public static string? DotnetCounters()
    {
        var candidates = new List<string?>
        {
            Environment.GetEnvironmentVariable("DOTNET_COUNTERS"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-counters"),
        };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet-counters")));
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActiveLab.Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("ActiveLab.Cluster.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A progress line of run/seed: cells done/total, failed, jobs done, running, queued, trainers.</summary>
internal sealed record Progress(double T, int CellsDone, int Cells, int Failed, long JobsDone, int Running, int Queued, int Trainers)
{
    private static readonly Regex Pattern = new(
        @"cells (\d+)/(\d+) done, (\d+) failed; jobs (\d+) done, (\d+) running, (\d+) queued; (\d+) trainer", RegexOptions.CultureInvariant);

    public bool Finished => CellsDone + Failed >= Cells;

    public static Progress? Parse(double t, string line)
    {
        var m = Pattern.Match(line);
        if (!m.Success) return null;
        long G(int i) => long.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture);
        return new Progress(t, (int)G(1), (int)G(2), (int)G(3), G(4), (int)G(5), (int)G(6), (int)G(7));
    }
}

/// <summary>One /proc sample of the monitored process.</summary>
internal sealed record Sample(double T, double CpuSeconds, double RssMiB, double HwmMiB, int Threads);

/// <summary>
/// A <c>dotnet activelab.dll …</c> process (optionally under <c>/usr/bin/time -v</c> for the peak RSS) whose output
/// lines are timestamped on a shared clock and whose CPU, RSS and threads are sampled from /proc every 250 ms;
/// optionally <c>dotnet-counters collect</c> records the runtime counters next to it.
/// </summary>
internal sealed class Monitored : IDisposable
{
    private static readonly double ClockTick = 100.0; // USER_HZ on Linux
    private readonly Process _process;
    private readonly Stopwatch _clock;
    private readonly List<(double T, string Line)> _lines = new();
    private readonly List<Sample> _samples = new();
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly StreamWriter _log;
    private Process? _counters;
    private int _targetPid;

    public Monitored(string name, string workDir, Stopwatch clock, IEnumerable<string> cliArgs, bool timeV = false, string? countersCsv = null)
    {
        Name = name;
        _clock = clock;
        _log = new StreamWriter(Path.Combine(workDir, name + ".log"), append: false, new UTF8Encoding(false)) { AutoFlush = true };
        bool useTime = timeV && File.Exists("/usr/bin/time");
        var psi = new ProcessStartInfo(useTime ? "/usr/bin/time" : Paths.DotnetHost)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = workDir,
        };
        if (useTime)
        {
            psi.ArgumentList.Add("-v");
            psi.ArgumentList.Add(Paths.DotnetHost);
        }
        psi.ArgumentList.Add(Paths.CliDll);
        foreach (var a in cliArgs) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        psi.Environment.Remove("ACTIVELAB_DATA_DIR");
        _log.WriteLine("# " + string.Join(' ', psi.ArgumentList));
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        StartT = _clock.Elapsed.TotalSeconds;
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _targetPid = useTime ? 0 : _process.Id;
        _sampler = Task.Run(() => SampleLoop(countersCsv));
    }

    public string Name { get; }
    public double StartT { get; }
    public double ExitT { get; private set; }
    public int ExitCode => _process.ExitCode;
    public double Wall => ExitT - StartT;

    public IReadOnlyList<(double T, string Line)> Lines { get { lock (_gate) return _lines.ToList(); } }
    public IReadOnlyList<Sample> Samples { get { lock (_gate) return _samples.ToList(); } }
    public IReadOnlyList<Progress> ProgressLines => Lines.Select(l => Progress.Parse(l.T, l.Line)).OfType<Progress>().ToList();

    /// <summary>"Maximum resident set size" from /usr/bin/time -v, in MiB.</summary>
    public double? MaxRssMiB => Lines.Select(l => Regex.Match(l.Line, @"Maximum resident set size \(kbytes\): (\d+)")).Where(m => m.Success)
        .Select(m => (double?)long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1024).LastOrDefault();

    /// <summary>Peak RSS: /usr/bin/time's when available, else the last VmHWM sampled.</summary>
    public double PeakRssMiB => MaxRssMiB ?? Samples.Select(s => s.HwmMiB).DefaultIfEmpty(0).Max();

    public double CpuSeconds => Samples.Select(s => s.CpuSeconds).DefaultIfEmpty(0).Max();

    public async Task<double> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (t, line) in Lines) if (match(line)) return t;
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) early:\n{Tail()}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Name}: line not seen within {timeout}\n{Tail()}");
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not finish within {timeout} (killed)\n{Tail()}");
        }
        ExitT = _clock.Elapsed.TotalSeconds;
        _process.WaitForExit(); // drains the output
        _stop.Cancel();
        await _sampler;
        if (_counters is { } c && !c.WaitForExit(15_000)) c.Kill();
        return _process.ExitCode;
    }

    public string Tail(int n = 30) => string.Join('\n', Lines.Select(l => l.Line).Where(l => !l.StartsWith("   at ", StringComparison.Ordinal)).TakeLast(n));

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(30_000);
        }
        catch (InvalidOperationException)
        {
        }
        try
        {
            if (_counters is { HasExited: false } c) c.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _stop.Cancel();
        _process.Dispose();
        _counters?.Dispose();
        lock (_gate) _log.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        double t = _clock.Elapsed.TotalSeconds;
        lock (_gate)
        {
            _lines.Add((t, line));
            try { _log.WriteLine($"{t,9:0.000} {line}"); } catch (ObjectDisposedException) { }
        }
    }

    private async Task SampleLoop(string? countersCsv)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_targetPid == 0) _targetPid = ChildOf(_process.Id);
                if (_targetPid != 0)
                {
                    if (countersCsv is not null && _counters is null) _counters = StartCounters(_targetPid, countersCsv);
                    if (Read(_targetPid) is { } s) lock (_gate) _samples.Add(s);
                }
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
            }
            try { await Task.Delay(250, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    private static int ChildOf(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Trim();
            return text.Length == 0 ? 0 : int.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private Sample? Read(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTick;
            double rss = 0, hwm = 0;
            int threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line) / 1024;
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kb(line) / 1024;
                else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
            }
            return new Sample(_clock.Elapsed.TotalSeconds, cpu, rss, hwm, threads);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static double Kb(string line) => double.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private static Process? StartCounters(int pid, string csv)
    {
        if (Paths.DotnetCounters() is not { } tool) return null;
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--refresh-interval", "1", "--format", "csv", "-o", csv, "--counters", "System.Runtime" })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi);
        if (p is null) return null;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
