using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ActiveLab.Cluster.ProcessTests;

/// <summary>A progress line of <c>run</c> / <c>seed</c>: "name: cells 1/4 done, 0 failed; jobs 12 done, 2 running, 8 queued; 2 trainer(s)".</summary>
internal sealed record Progress(int CellsDone, int Cells, int CellsFailed, int JobsDone, int Running, int Queued, int Trainers)
{
    private static readonly Regex Pattern = new(
        @"cells (\d+)/(\d+) done, (\d+) failed; jobs (\d+) done, (\d+) running, (\d+) queued; (\d+) trainer",
        RegexOptions.CultureInvariant);

    public bool Finished => CellsDone + CellsFailed >= Cells;

    public static Progress? Parse(string line)
    {
        var m = Pattern.Match(line);
        if (!m.Success) return null;
        int G(int i) => int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture);
        return new Progress(G(1), G(2), G(3), G(4), G(5), G(6), G(7));
    }
}

/// <summary>
/// One <c>dotnet activelab.dll …</c> process: output captured line by line (and copied to a log file next to the
/// sweep for post-mortems), waits with timeouts, SIGKILL. Disposing kills it if it still runs, so no test leaves a
/// process behind.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly object _gate = new();
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(string name, string workingDirectory, string logPath, IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Name = name;
        Args = args;
        _log = new StreamWriter(logPath, append: true, new UTF8Encoding(false)) { AutoFlush = true };
        _log.WriteLine($"### {DateTime.Now:HH:mm:ss.fff} start: activelab {string.Join(' ', args)}");
        var psi = new ProcessStartInfo(Cli.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Cli.Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["OMP_NUM_THREADS"] = "1";
        // The tests name every path explicitly; a CI data dir must not redirect workers elsewhere.
        psi.Environment.Remove("ACTIVELAB_DATA_DIR");
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>()) psi.Environment[variable] = value;
        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdoutClosed, "");
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderrClosed, "[stderr] ");
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Started = DateTime.UtcNow;
    }

    public string Name { get; }
    public IReadOnlyList<string> Args { get; }
    public DateTime Started { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>activelab ARGS</c> in <paramref name="workingDirectory"/>, logging to <c>NAME.log</c> there.</summary>
    public static CliProcess Start(string name, string workingDirectory, params string[] args) =>
        new(name, workingDirectory, Path.Combine(workingDirectory, name + ".log"), args);

    /// <summary>Starts <c>activelab ARGS</c> with these environment variables added.</summary>
    public static CliProcess StartWith(IReadOnlyDictionary<string, string> environment, string name, string workingDirectory, params string[] args) =>
        new(name, workingDirectory, Path.Combine(workingDirectory, name + ".log"), args, environment);

    /// <summary>Every line printed so far (stderr lines prefixed "[stderr] ").</summary>
    public string[] Lines
    {
        get { lock (_gate) return _lines.ToArray(); }
    }

    public string Output => string.Join('\n', Lines);

    /// <summary>The last lines, for assertion messages.</summary>
    public string Tail(int n = 40)
    {
        var lines = Lines.Where(l => !l.StartsWith("   at ", StringComparison.Ordinal)).ToArray();
        return $"--- {Name} (pid {SafeId()}, {(HasExited ? $"exit {ExitCode}" : "running")}), last lines:\n" +
               string.Join('\n', lines.Skip(Math.Max(0, lines.Length - n)));
    }

    /// <summary>The latest progress line printed, if any.</summary>
    public Progress? LastProgress => Lines.Select(Progress.Parse).LastOrDefault(p => p is not null);

    /// <summary>Waits until a printed line satisfies <paramref name="match"/>; fails if the process exits or time runs out first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        int seen = 0;
        while (true)
        {
            var lines = Lines;
            for (; seen < lines.Length; seen++)
                if (match(lines[seen])) return lines[seen];
            if (_process.HasExited)
            {
                await WaitForOutputClosedAsync();
                lines = Lines;
                for (; seen < lines.Length; seen++)
                    if (match(lines[seen])) return lines[seen];
                throw new TimeoutException($"{Name} exited ({ExitCode}) before {what}\n{Tail()}");
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name}: no {what} within {timeout.TotalSeconds:0} s\n{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for a progress line satisfying <paramref name="match"/>.</summary>
    public async Task<Progress> WaitForProgressAsync(Func<Progress, bool> match, TimeSpan timeout, string what)
    {
        string line = await WaitForLineAsync(l => Progress.Parse(l) is { } p && match(p), timeout, what);
        return Progress.Parse(line)!;
    }

    /// <summary>Waits for the exit and returns the exit code; kills the process and fails on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0} s (killed)\n{Tail()}");
        }
        await WaitForOutputClosedAsync();
        _log.WriteLine($"### {DateTime.Now:HH:mm:ss.fff} exit {_process.ExitCode}");
        return _process.ExitCode;
    }

    /// <summary>SIGKILL (on Linux <see cref="Process.Kill(bool)"/> sends SIGKILL) and wait until it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _log.WriteLine($"### {DateTime.Now:HH:mm:ss.fff} SIGKILL");
                _process.Kill(entireProcessTree: true);
            }
            _process.WaitForExit(30_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    /// <summary>Sends <paramref name="signal"/> (e.g. <see cref="SIGTERM"/>) to the process, noting it in the log.</summary>
    public void Signal(int signal)
    {
        lock (_gate) _log.WriteLine($"### {DateTime.Now:HH:mm:ss.fff} signal {signal}");
        if (kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public void Dispose()
    {
        // A stopped process ignores SIGKILL only until it is continued; continue it so nothing is left frozen.
        try
        {
            if (!_process.HasExited) _ = kill(_process.Id, SIGCONT);
        }
        catch (InvalidOperationException)
        {
        }
        Kill();
        _process.Dispose();
        lock (_gate) _log.Dispose();
    }

    private async Task WaitForOutputClosedAsync() =>
        await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(TimeSpan.FromSeconds(10)));

    private void OnLine(string? line, TaskCompletionSource closed, string prefix)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (_gate)
        {
            _lines.Add(prefix + line);
            try
            {
                _log.WriteLine(prefix + line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private string SafeId()
    {
        try
        {
            return _process.Id.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
