using System.Globalization;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using Spectre.Console;

namespace ActiveLab.Cli.Sweeps;

/// <summary>Prints sweep progress and summaries: a live line per change on a terminal, a line every few seconds otherwise.
/// Each line ends with the pace and the time left, the same estimate the dashboard shows (<see cref="Pace"/>).</summary>
internal sealed class SweepConsole(TextWriter output)
{
    private DateTime _lastPrint = DateTime.MinValue;
    private string _lastLine = "";
    private readonly object _gate = new();

    /// <summary>The sweep's pace, fed by every progress report (shared with the dashboard).</summary>
    public SweepPace Pace { get; } = new();

    /// <summary>Progress callback (called from the actor system's threads).</summary>
    public void Progress(SweepStatus s)
    {
        var pace = Pace.Observe(s, DateTime.UtcNow);
        lock (_gate)
        {
            string counts = string.Create(CultureInfo.InvariantCulture,
                $"{s.Sweep}: cells {s.CellsDone}/{s.Cells} done, {s.CellsFailed} failed; jobs {s.CompletedJobs} done, {s.LeasedJobs} running, {s.PendingJobs} queued; {s.Workers} trainer(s)");
            if (counts == _lastLine || (DateTime.UtcNow - _lastPrint).TotalSeconds < 2 && !s.Finished) return;
            _lastLine = counts;
            _lastPrint = DateTime.UtcNow;
            string paceText = s.Finished ? "" : string.Create(CultureInfo.InvariantCulture,
                $"; {(pace.JobsPerSecond is { } j ? j.ToString("0.0", CultureInfo.InvariantCulture) : "—")} jobs/s, time left {SweepPaceEstimate.Format(pace.TimeLeft)}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {counts}{paceText}"));
            output.Flush();
        }
    }

    /// <summary>The per (dataset, method) table of done / running / pending / failed cells, and the errors.</summary>
    public static void WriteTable(TextWriter output, SweepStatus status)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var table = new Table().Border(TableBorder.Simple).Title(status.Sweep);
        foreach (var c in new[] { "dataset", "method", "done", "running", "pending", "failed" }) table.AddColumn(c);
        foreach (var g in status.Groups)
            table.AddRow(g.Dataset, g.Method, g.Done.ToString(CultureInfo.InvariantCulture), g.Running.ToString(CultureInfo.InvariantCulture),
                g.Pending.ToString(CultureInfo.InvariantCulture), g.Failed.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
        foreach (var e in status.Groups.SelectMany(g => g.Errors)) output.WriteLine("failed: " + e);
    }
}
