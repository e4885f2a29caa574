using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Dashboard.Tests;

/// <summary>The pace estimate that the progress lines and the dashboard share.</summary>
public sealed class SweepPaceTests
{
    private static readonly DateTime T0 = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);

    private static SweepStatus Status(long jobs, long roundsDone, long roundsLeft) => new("s", [], 0, 0, jobs, 1, false, roundsDone, roundsLeft);

    [Fact]
    public void Rates_and_time_left_come_from_the_rounds_finished_in_the_window()
    {
        var pace = new SweepPace();
        var first = pace.Observe(Status(0, 0, 100), T0);
        Assert.Null(first.JobsPerSecond);
        Assert.Null(first.TimeLeft);
        Assert.Equal("—", SweepPaceEstimate.Format(first.TimeLeft));

        var e = pace.Observe(Status(50, 10, 90), T0.AddSeconds(10));
        Assert.Equal(5.0, e.JobsPerSecond!.Value, 9);
        Assert.Equal(1.0, e.RoundsPerSecond!.Value, 9);
        Assert.Equal(TimeSpan.FromSeconds(90), e.TimeLeft);
        Assert.Equal("1m 30s", SweepPaceEstimate.Format(e.TimeLeft));
        // Between observations the estimate counts down.
        Assert.Equal(TimeSpan.FromSeconds(60), e.TimeLeftAt(T0.AddSeconds(40)));
        Assert.Equal(TimeSpan.Zero, e.TimeLeftAt(T0.AddHours(1)));
        Assert.Same(e, pace.Current);
    }

    [Fact]
    public void Old_samples_leave_the_window_and_a_restarted_coordinator_starts_over()
    {
        var pace = new SweepPace();
        pace.Observe(Status(0, 0, 1000), T0);
        pace.Observe(Status(10, 10, 990), T0.AddSeconds(10));                 // 1 round/s at first
        var later = pace.Observe(Status(1210, 410, 590), T0 + SweepPace.Window + TimeSpan.FromSeconds(110)); // then faster
        Assert.Equal(400.0 / (SweepPace.Window.TotalSeconds + 100), later.RoundsPerSecond!.Value, 9);

        var restarted = pace.Observe(Status(3, 410, 590), T0 + SweepPace.Window + TimeSpan.FromSeconds(120)); // counters reset
        Assert.Null(restarted.JobsPerSecond);
        Assert.Null(restarted.TimeLeft);
    }

    [Fact]
    public void Nothing_left_is_zero_and_hours_are_shown_as_such()
    {
        var pace = new SweepPace();
        Assert.Equal(TimeSpan.Zero, pace.Observe(Status(10, 10, 0), T0).TimeLeft);
        Assert.Equal("2h 05m", SweepPaceEstimate.Format(TimeSpan.FromMinutes(125)));
        Assert.Equal("7s", SweepPaceEstimate.Format(TimeSpan.FromSeconds(6.2)));
    }
}
