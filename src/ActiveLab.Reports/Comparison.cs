namespace ActiveLab.Reports;

/// <summary>
/// Our result for one method and metric at the comparison round next to the published one.
/// </summary>
/// <param name="Method">Result-file name of the method.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Round">The round compared (the group's final round, or the last one the paper publishes).</param>
/// <param name="Ours">Our mean ± std over repeats at that round (null when no run reached it).</param>
/// <param name="Published">The paper's value at that round (null when it has none).</param>
public sealed record Comparison(string Method, ReportMetric Metric, int Round, RoundSummary? Ours, ReferencePoint? Published)
{
    /// <summary>Ours − published mean; null when either is missing.</summary>
    public double? Difference => Ours is { Runs: > 0 } && Published is not null ? Ours.Mean - Published.Mean : null;
}
