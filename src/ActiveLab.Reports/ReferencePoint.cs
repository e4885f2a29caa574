namespace ActiveLab.Reports;

/// <summary>
/// One published value: the mean (and std, when the original result files give one) of a metric at one round of one
/// method of one benchmark, over the paper's runs.
/// </summary>
/// <param name="Benchmark">Reference benchmark key, e.g. <c>wall-robot/et</c> (see <see cref="ReferenceBenchmarks"/>).</param>
/// <param name="Method">Result-file name of the method.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Round">Round index, 0-based.</param>
/// <param name="Mean">Published mean.</param>
/// <param name="Std">Published population std; null for values digitised from a figure.</param>
/// <param name="Runs">Number of runs behind the mean.</param>
/// <param name="Digitized">True when read off a published figure (±0.003) rather than computed from result files.</param>
public sealed record ReferencePoint(
    string Benchmark, string Method, ReportMetric Metric, int Round, double Mean, double? Std, int Runs, bool Digitized);
