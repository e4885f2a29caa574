using ActiveLab.Reports;
using ActiveLab.Results;

namespace ActiveLab.Dashboard;

/// <summary>
/// The dashboard's curves from the rounds written so far: per (dataset, model) and metric, one line per method with the
/// mean ± population std over the repeats that reached each round (<see cref="RoundSummary"/>, as <c>activelab report</c>
/// computes them).
/// </summary>
public static class LiveCurves
{
    /// <param name="rows">The rounds written so far.</param>
    /// <param name="lastRound">The last round of a (dataset, model) pair's cells, when known.</param>
    public static CurveGroupView[] Build(IReadOnlyList<RoundRow> rows, Func<string, string, int?>? lastRound = null) =>
        rows.GroupBy(r => (r.Dataset, r.Model))
            .OrderBy(g => g.Key.Dataset, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .Select(g => new CurveGroupView(g.Key.Dataset, g.Key.Model, Math.Max(g.Max(r => r.Round), lastRound?.Invoke(g.Key.Dataset, g.Key.Model) ?? 0),
                ReportMetrics.All.Select(metric => new MetricCurvesView(
                metric == ReportMetric.ModelAccuracy ? "model_accuracy" : "consensus_accuracy",
                metric.Title(),
                MethodNames.InLegendOrder(g.Select(r => r.Method)).Select(method => new MethodCurveView(method, MethodNames.Display(method),
                    g.Where(r => r.Method == method).GroupBy(r => r.Round).OrderBy(x => x.Key)
                        .Select(x => RoundSummary.Of(x.Key, x.Select(r => metric.ValueOf(r))))
                        .Where(s => s.Runs > 0)
                        .Select(s => new CurvePointView(s.Round, s.Mean, s.Std, s.Runs)).ToArray())).ToArray())).ToArray()))
            .ToArray();
}
