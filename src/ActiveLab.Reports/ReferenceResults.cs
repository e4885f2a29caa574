using System.Globalization;
using System.Reflection;

namespace ActiveLab.Reports;

/// <summary>
/// The paper's published per-round results (spec §6, <c>reference-results/*.csv</c>, embedded in this assembly):
/// columns <c>benchmark,method,metric,round,mean,std,n_runs</c>; metric names ending in
/// <c>_APPROX_digitized_from_plot</c> are figure read-offs (extra benchmarks) with an empty std.
/// </summary>
public sealed class ReferenceResults
{
    private const string DigitizedSuffix = "_APPROX_digitized_from_plot";
    private readonly Dictionary<(string Benchmark, string Method, ReportMetric Metric, int Round), ReferencePoint> _points;

    private ReferenceResults(IEnumerable<ReferencePoint> points)
    {
        _points = new();
        foreach (var p in points) _points[(p.Benchmark, p.Method, p.Metric, p.Round)] = p;
    }

    /// <summary>The tables shipped with the tool.</summary>
    public static ReferenceResults Published { get; } = LoadEmbedded();

    /// <summary>Every published point.</summary>
    public IReadOnlyCollection<ReferencePoint> Points => _points.Values;

    /// <summary>The published point, or null when the paper has none for that benchmark, method, metric and round.</summary>
    public ReferencePoint? Find(string benchmark, string method, ReportMetric metric, int round) =>
        _points.GetValueOrDefault((benchmark, method, metric, round));

    /// <summary>The last round the paper publishes for a benchmark, method and metric (null when none).</summary>
    public int? LastRound(string benchmark, string method, ReportMetric metric)
    {
        int? last = null;
        foreach (var p in _points.Values)
            if (p.Benchmark == benchmark && p.Method == method && p.Metric == metric && (last is null || p.Round > last))
                last = p.Round;
        return last;
    }

    /// <summary>Parses reference CSV text (header first); <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">A malformed line, naming the source and line.</exception>
    public static IReadOnlyList<ReferencePoint> Parse(string csv, string source)
    {
        var points = new List<ReferencePoint>();
        using var reader = new StringReader(csv);
        string? header = reader.ReadLine();
        if (header?.Trim() != "benchmark,method,metric,round,mean,std,n_runs")
            throw new FormatException($"{source}: unexpected header '{header}'");
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            string[] f = line.Split(',');
            if (f.Length != 7) throw new FormatException($"{source} line {lineNumber}: expected 7 fields, found {f.Length}");
            bool digitized = f[2].EndsWith(DigitizedSuffix, StringComparison.Ordinal);
            string metricName = digitized ? f[2][..^DigitizedSuffix.Length] : f[2];
            ReportMetric metric = metricName switch
            {
                "model_accuracy" => ReportMetric.ModelAccuracy,
                "consensus_label_accuracy" => ReportMetric.ConsensusAccuracy,
                _ => throw new FormatException($"{source} line {lineNumber}: unknown metric '{f[2]}'"),
            };
            try
            {
                points.Add(new ReferencePoint(f[0], f[1], metric,
                    int.Parse(f[3], CultureInfo.InvariantCulture),
                    double.Parse(f[4], CultureInfo.InvariantCulture),
                    f[5].Length == 0 ? null : double.Parse(f[5], CultureInfo.InvariantCulture),
                    int.Parse(f[6], CultureInfo.InvariantCulture),
                    digitized));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{source} line {lineNumber}: {e.Message}", e);
            }
        }
        return points;
    }

    private static ReferenceResults LoadEmbedded()
    {
        Assembly assembly = typeof(ReferenceResults).Assembly;
        var points = new List<ReferencePoint>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("reference-results/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var text = new StreamReader(stream);
            points.AddRange(Parse(text.ReadToEnd(), name));
        }
        return new ReferenceResults(points);
    }
}
