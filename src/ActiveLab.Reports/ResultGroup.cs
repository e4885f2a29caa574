using ActiveLab.Results;

namespace ActiveLab.Reports;

/// <summary>
/// The results of one (dataset, model) pair of a sweep — what one figure of the paper shows: a curve per method and
/// metric, and the comparison with the published values at the final round.
/// </summary>
/// <param name="Dataset">Benchmark dataset name.</param>
/// <param name="Model">Model name of the cells (ensemble methods run under their cell's model).</param>
/// <param name="ReferenceKey">The matching published benchmark, null when the paper has none.</param>
/// <param name="Methods">Methods present, in the paper's legend order.</param>
/// <param name="Curves">Per method and metric.</param>
/// <param name="FinalRound">Last round any run of this group reached.</param>
/// <param name="Comparisons">Per method and metric, ours vs published at the comparison round.</param>
public sealed record ResultGroup(
    string Dataset,
    string Model,
    string? ReferenceKey,
    IReadOnlyList<string> Methods,
    IReadOnlyList<MethodCurve> Curves,
    int FinalRound,
    IReadOnlyList<Comparison> Comparisons)
{
    /// <summary>A title such as "wall-robot · et".</summary>
    public string Title => $"{Dataset} · {Model}";

    /// <summary>The curve of <paramref name="method"/> for <paramref name="metric"/>.</summary>
    public MethodCurve Curve(string method, ReportMetric metric) =>
        Curves.First(c => c.Method == method && c.Metric == metric);

    /// <summary>The comparison row of <paramref name="method"/> for <paramref name="metric"/>.</summary>
    public Comparison Compare(string method, ReportMetric metric) =>
        Comparisons.First(c => c.Method == method && c.Metric == metric);

    /// <summary>Groups <paramref name="rows"/> by (dataset, model) in first-seen order and summarises each.</summary>
    public static IReadOnlyList<ResultGroup> Build(IReadOnlyList<RoundRow> rows, ReferenceResults reference)
    {
        var groups = new List<ResultGroup>();
        foreach (var g in rows.GroupBy(r => (r.Dataset, r.Model)))
        {
            string? key = ReferenceBenchmarks.KeyFor(g.Key.Dataset, g.Key.Model);
            var methods = MethodNames.InLegendOrder(g.Select(r => r.Method));
            int finalRound = g.Max(r => r.Round);
            var curves = new List<MethodCurve>();
            var comparisons = new List<Comparison>();
            foreach (string method in methods)
            {
                var ofMethod = g.Where(r => r.Method == method).ToArray();
                foreach (ReportMetric metric in ReportMetrics.All)
                {
                    var summaries = ofMethod.GroupBy(r => r.Round).OrderBy(x => x.Key)
                        .Select(x => RoundSummary.Of(x.Key, x.Select(r => metric.ValueOf(r)))).ToArray();
                    var curve = new MethodCurve(method, metric, summaries);
                    curves.Add(curve);
                    int round = ComparisonRound(reference, key, method, metric, finalRound);
                    ReferencePoint? published = key is null ? null : reference.Find(key, method, metric, round);
                    comparisons.Add(new Comparison(method, metric, round, curve.At(round), published));
                }
            }
            groups.Add(new ResultGroup(g.Key.Dataset, g.Key.Model, key, methods, curves, finalRound, comparisons));
        }
        return groups;
    }

    /// <summary>
    /// The group's final round, unless the paper stops earlier for this method (the extra benchmarks' figures end at
    /// round 8 of 15), then the paper's last round.
    /// </summary>
    private static int ComparisonRound(ReferenceResults reference, string? key, string method, ReportMetric metric, int finalRound)
    {
        if (key is null) return finalRound;
        int? last = reference.LastRound(key, method, metric);
        return last is int l && l < finalRound ? l : finalRound;
    }
}
