using System.Globalization;

namespace ActiveLab.Reports;

/// <summary>
/// The reproduction's fidelity bars, per benchmark family: Wall Robot (complete or not): ActiveLab and ActiveLab
/// (ensemble) within ±0.02 of the published final-round means (model and consensus accuracy), ActiveLab first among
/// single-model methods, every other method's final model accuracy within ±0.05; single-vs-multiannotator:
/// re-labeling beats new single labels at every noise level below 1.0; single-annotator: ActiveLab ≥ entropy ≥
/// random; CIFAR-10H: ActiveLab best among single-model methods. Groups without a published benchmark get no checks.
/// </summary>
public static class FidelityRules
{
    public const double ActiveLabTolerance = 0.02;
    public const double BaselineTolerance = 0.05;

    /// <summary>The checks that apply to <paramref name="group"/> (empty when none do).</summary>
    public static IReadOnlyList<FidelityCheck> Check(ResultGroup group)
    {
        string? key = group.ReferenceKey;
        if (key is null) return [];
        if (key.StartsWith("wall-robot", StringComparison.Ordinal)) return WallRobot(group);
        if (key.StartsWith("extra-benchmarks/single-vs-multiannotator/", StringComparison.Ordinal)) return SingleVsMulti(group, key);
        if (key == "extra-benchmarks/single-annotator") return Ordered(group, ["crowdlab", "entropy", "random"]);
        if (key == "cifar-10h") return Cifar(group);
        return [];
    }

    private static List<FidelityCheck> WallRobot(ResultGroup g)
    {
        var checks = new List<FidelityCheck>();
        foreach (string method in g.Methods)
        {
            bool activeLab = method is "crowdlab" or "crowdlab_ensemble";
            var metrics = activeLab ? ReportMetrics.All : [ReportMetric.ModelAccuracy];
            double tolerance = activeLab ? ActiveLabTolerance : BaselineTolerance;
            foreach (ReportMetric metric in metrics)
            {
                Comparison c = g.Compare(method, metric);
                if (c.Published is null) continue;
                bool ok = c.Difference is double d && Math.Abs(d) <= tolerance;
                checks.Add(new FidelityCheck(g.Title,
                    $"{MethodNames.Display(method)}: final {metric.Title().ToLowerInvariant()} within ±{F(tolerance, 2)} of the paper",
                    ok, $"round {c.Round}: ours {Mean(c.Ours)}, paper {F(c.Published.Mean)}, difference {Signed(c.Difference)}"));
            }
        }
        if (g.Methods.Contains("crowdlab")) checks.Add(FirstAmongSingleModel(g, "crowdlab"));
        return checks;
    }

    private static List<FidelityCheck> Cifar(ResultGroup g)
    {
        var checks = new List<FidelityCheck>();
        if (g.Methods.Contains("crowdlab")) checks.Add(FirstAmongSingleModel(g, "crowdlab"));
        if (g.Methods.Contains("crowdlab_ensemble") && g.Methods.Contains("disagreement"))
            checks.AddRange(Ordered(g, ["crowdlab_ensemble", "disagreement"]));
        return checks;
    }

    private static FidelityCheck FirstAmongSingleModel(ResultGroup g, string method)
    {
        var ranked = g.Methods.Where(MethodNames.IsSingleModel)
            .Select(m => (Method: m, Final: g.Curve(m, ReportMetric.ModelAccuracy).At(g.FinalRound)))
            .Where(x => x.Final is { Runs: > 0 })
            .OrderByDescending(x => x.Final!.Mean).ToArray();
        bool ok = ranked.Length > 0 && ranked[0].Method == method;
        string evidence = $"round {g.FinalRound}: " + string.Join(" > ", ranked.Select(x => $"{MethodNames.Display(x.Method)} {F(x.Final!.Mean)}"));
        return new FidelityCheck(g.Title, $"{MethodNames.Display(method)} ranked first among single-model methods (final model accuracy)", ok, evidence);
    }

    private static List<FidelityCheck> SingleVsMulti(ResultGroup g, string key)
    {
        string tau = key[(key.LastIndexOf('=') + 1)..];
        if (double.Parse(tau, CultureInfo.InvariantCulture) >= 1.0 || !g.Methods.Contains("multiannotator") || !g.Methods.Contains("single"))
            return [];
        var multi = g.Compare("multiannotator", ReportMetric.ModelAccuracy);
        var single = g.Compare("single", ReportMetric.ModelAccuracy);
        bool ok = multi.Ours is { Runs: > 0 } && single.Ours is { Runs: > 0 } && multi.Ours.Mean > single.Ours.Mean;
        return [new FidelityCheck(g.Title, $"re-labeling (multi-annotator) beats new single labels at τ = {tau} (model accuracy, round {multi.Round})",
            ok, $"multi {Mean(multi.Ours)} vs single {Mean(single.Ours)}; paper {F(multi.Published?.Mean)} vs {F(single.Published?.Mean)}")];
    }

    /// <summary>Final model accuracy ordered as <paramref name="methods"/> (each ≥ the next).</summary>
    private static List<FidelityCheck> Ordered(ResultGroup g, string[] methods)
    {
        if (!methods.All(g.Methods.Contains)) return [];
        var finals = methods.Select(m => g.Curve(m, ReportMetric.ModelAccuracy).At(g.FinalRound)).ToArray();
        bool ok = finals.All(f => f is { Runs: > 0 });
        for (int i = 0; ok && i + 1 < finals.Length; i++) ok = finals[i]!.Mean >= finals[i + 1]!.Mean;
        string claim = string.Join(" ≥ ", methods.Select(MethodNames.Display)) + " (final model accuracy)";
        string evidence = $"round {g.FinalRound}: " + string.Join(", ", methods.Zip(finals, (m, f) => $"{MethodNames.Display(m)} {Mean(f)}"));
        return [new FidelityCheck(g.Title, claim, ok, evidence)];
    }

    internal static string F(double? v, int digits = 4) =>
        v is double x && double.IsFinite(x) ? x.ToString("F" + digits, CultureInfo.InvariantCulture) : "–";

    internal static string Signed(double? v) =>
        v is double x && double.IsFinite(x) ? x.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) : "–";

    internal static string Mean(RoundSummary? s) =>
        s is { Runs: > 0 } ? $"{F(s.Mean)} ± {F(s.Std)}" : "–";
}
