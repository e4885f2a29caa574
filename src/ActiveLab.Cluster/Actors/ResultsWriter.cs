using Akka.Actor;
using Akka.Event;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// Writes completed rounds as immutable Parquet part files while the sweep runs (batched: every few seconds or
/// thousands of rows) and compacts them into rounds.parquet / labels.parquet when asked. Rows arrive only after their
/// round is persisted, and every cell re-sends all its persisted rounds when it starts, so the parts of earlier runs
/// are set aside at start: this run's parts are rebuilt from the journal, and an unreadable or conflicting part of an
/// interrupted run can never block the sweep.
/// <para>
/// Nothing is lost silently: a part that cannot be written keeps its rows buffered and is retried every tick, the
/// results-folder watch ends the node when writes keep failing past the unavailable-timeout, and compaction refuses to
/// run while rows are still unwritten (the sweep then ends with an error, never exit 0).
/// </para>
/// </summary>
public sealed class ResultsWriter : ReceiveActor, IWithTimers
{
    private sealed record FlushTick;

    private const int FlushRows = 20_000;
    private readonly ResultPartWriter _writer;
    private readonly string _sweepDir;
    private readonly OutageWatch _watch = NodeWatch.Get(Context.System).Results;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ResultsWriter(string sweepDir, string writerId)
    {
        _sweepDir = sweepDir;
        try
        {
            int setAside = ResultParts.SetAside(sweepDir);
            if (setAside > 0) _log.Info("set aside {0} part file(s) of an earlier run; this run rewrites them from the journal", setAside);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _watch.Failed($"setting aside the parts of an earlier run in {sweepDir} failed: {e.Message}");
        }
        _writer = new ResultPartWriter(sweepDir, writerId);
        Receive<RoundRecorded>(r =>
        {
            _writer.Add(r.Round);
            _writer.AddRange(r.Labels);
            if (_writer.PendingLabels + _writer.PendingRounds >= FlushRows) TryFlush();
        });
        Receive<FlushTick>(_ => TryFlush());
        Receive<CompactResults>(_ =>
        {
            try
            {
                if (_writer.PendingRounds + _writer.PendingLabels > 0) _writer.Flush();
                var result = ResultCompactor.CompactParts(_sweepDir);
                ResultParts.DeleteSuperseded(_sweepDir);
                Sender.Tell(new ResultsCompacted(result.RoundRows, result.LabelRows, null));
            }
            catch (Exception e)
            {
                Sender.Tell(new ResultsCompacted(0, 0, $"{e.Message} (the journal holds every round: rerun the same command to write the results again)"));
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sweepDir, string node) =>
        Akka.Actor.Props.Create(() => new ResultsWriter(sweepDir, ResultPartWriter.NewWriterId()));

    protected override void PreStart() => Timers.StartPeriodicTimer("flush", new FlushTick(), TimeSpan.FromSeconds(2));

    protected override void PostStop() => TryFlush();

    private void TryFlush()
    {
        if (_writer.PendingRounds + _writer.PendingLabels == 0) return;
        try
        {
            _writer.Flush();
            _watch.Succeeded();
        }
        catch (Exception e)
        {
            _log.Warning("writing a results part in {0} failed (rows stay buffered and are retried): {1}", _sweepDir, e.Message);
            _watch.Failed($"writing a part in {Path.Combine(_sweepDir, "parts")} failed: {e.Message}");
        }
    }
}
