using Akka.Actor;
using Akka.Event;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// Writes completed rounds as immutable Parquet part files while the sweep runs (batched: every few seconds or
/// thousands of rows) and compacts them into rounds.parquet / labels.parquet when asked. Rows arrive only after their
/// round is persisted, and recovered cells send their rounds again, so the parts hold every persisted round; the
/// compactor drops the identical duplicates a resume produces.
/// </summary>
public sealed class ResultsWriter : ReceiveActor, IWithTimers
{
    private sealed record FlushTick;

    private const int FlushRows = 20_000;
    private readonly ResultPartWriter _writer;
    private readonly string _sweepDir;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ResultsWriter(string sweepDir, string writerId)
    {
        _sweepDir = sweepDir;
        _writer = new ResultPartWriter(sweepDir, writerId);
        Receive<RoundRecorded>(r =>
        {
            _writer.Add(r.Round);
            _writer.AddRange(r.Labels);
            if (_writer.PendingLabels + _writer.PendingRounds >= FlushRows) Flush();
        });
        Receive<FlushTick>(_ => Flush());
        Receive<CompactResults>(_ =>
        {
            try
            {
                Flush();
                var result = ResultCompactor.CompactParts(_sweepDir);
                Sender.Tell(new ResultsCompacted(result.RoundRows, result.LabelRows, null));
            }
            catch (Exception e)
            {
                Sender.Tell(new ResultsCompacted(0, 0, e.Message));
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sweepDir, string node) =>
        Akka.Actor.Props.Create(() => new ResultsWriter(sweepDir, ResultPartWriter.NewWriterId()));

    protected override void PreStart() => Timers.StartPeriodicTimer("flush", new FlushTick(), TimeSpan.FromSeconds(2));

    protected override void PostStop() => Flush();

    private void Flush()
    {
        if (_writer.PendingRounds + _writer.PendingLabels == 0) return;
        try
        {
            _writer.Flush();
        }
        catch (Exception e)
        {
            _log.Error(e, "writing a results part failed (rows stay buffered and are retried): {0}", e.Message);
        }
    }
}
