using ActiveLab.Cluster.Protocol;

namespace ActiveLab.Cluster.Sweeps;

/// <summary>
/// Estimates a sweep's pace from successive <see cref="SweepStatus"/> observations. The time left is measured in cell
/// rounds, not jobs: the grid fixes how many rounds are left, while the jobs of a round are only known when it starts
/// (ensemble methods queue three times as many). Rates are taken over the last <see cref="Window"/>, so a resume (whose
/// recovered rounds arrive at once) or a node that joins late is forgotten after a while. Thread-safe: the progress
/// callback and the dashboard read it from different threads. No clock of its own: the caller passes the time.
/// </summary>
public sealed class SweepPace
{
    /// <summary>How far back rates look.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    private readonly Queue<(DateTime At, long Jobs, long Rounds)> _samples = new();
    private readonly object _gate = new();
    private SweepPaceEstimate _last = new(null, null, null, DateTime.MinValue);

    /// <summary>Records <paramref name="status"/> seen at <paramref name="utcNow"/> and returns the new estimate.</summary>
    public SweepPaceEstimate Observe(SweepStatus status, DateTime utcNow)
    {
        lock (_gate)
        {
            // Counters that go down belong to a new coordinator incarnation (restart): start over.
            if (_samples.Count > 0 && (status.CompletedJobs < _samples.Last().Jobs || status.RoundsDone < _samples.Last().Rounds)) _samples.Clear();
            _samples.Enqueue((utcNow, status.CompletedJobs, status.RoundsDone));
            while (_samples.Count > 2 && utcNow - _samples.Peek().At > Window) _samples.Dequeue();
            var first = _samples.Peek();
            double seconds = (utcNow - first.At).TotalSeconds;
            double? jobs = seconds > 0 ? (status.CompletedJobs - first.Jobs) / seconds : null;
            double? rounds = seconds > 0 ? (status.RoundsDone - first.Rounds) / seconds : null;
            TimeSpan? left = status.RoundsLeft == 0 ? TimeSpan.Zero
                : rounds is > 0 ? TimeSpan.FromSeconds(Math.Min(status.RoundsLeft / rounds.Value, TimeSpan.MaxValue.TotalSeconds / 2)) : null;
            return _last = new SweepPaceEstimate(jobs, rounds, left, utcNow);
        }
    }

    /// <summary>The estimate of the last observation.</summary>
    public SweepPaceEstimate Current
    {
        get { lock (_gate) return _last; }
    }
}
