using System.Globalization;

namespace ActiveLab.Cluster.Sweeps;

/// <summary>The pace of a running sweep: jobs per second and rounds per second over a sliding window, and the time left.</summary>
/// <param name="JobsPerSecond">Training jobs finished per second (null until two observations lie apart).</param>
/// <param name="RoundsPerSecond">Cell rounds persisted per second (null likewise).</param>
/// <param name="TimeLeft">Rounds left ÷ rounds per second, counted from the last observation; null while unknown
/// (no round finished in the window yet), zero when nothing is left.</param>
/// <param name="ObservedUtc">When the last status was observed.</param>
public sealed record SweepPaceEstimate(double? JobsPerSecond, double? RoundsPerSecond, TimeSpan? TimeLeft, DateTime ObservedUtc)
{
    /// <summary>"2m 05s", "1h 03m", "—" while unknown.</summary>
    public static string Format(TimeSpan? left)
    {
        if (left is not { } t) return "—";
        if (t.TotalHours >= 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h {t.Minutes:00}m");
        if (t.TotalMinutes >= 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m {t.Seconds:00}s");
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)Math.Ceiling(t.TotalSeconds))}s");
    }

    /// <summary>The time left as seen at <paramref name="utcNow"/> (the estimate counts down between observations).</summary>
    public TimeSpan? TimeLeftAt(DateTime utcNow) =>
        TimeLeft is { } t ? (t - (utcNow - ObservedUtc) > TimeSpan.Zero ? t - (utcNow - ObservedUtc) : TimeSpan.Zero) : null;
}
