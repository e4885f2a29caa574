namespace ActiveLab.Reports;

/// <summary>One method's metric over rounds: mean ± population std over the sweep's repeats, round by round.</summary>
public sealed record MethodCurve(string Method, ReportMetric Metric, IReadOnlyList<RoundSummary> Rounds)
{
    /// <summary>The summary of round <paramref name="round"/>, or null when no run reached it.</summary>
    public RoundSummary? At(int round)
    {
        foreach (var r in Rounds)
            if (r.Round == round) return r;
        return null;
    }
}
