using ActiveLab.Core.Randomness;
using ActiveLab.Core.Simulation;
using Xunit.Abstractions;

namespace ActiveLab.Core.Tests.Simulation;

/// <summary>Prints the S1+S2 diagnostics of §1.4/§1.5 and checks them against the spec's rough numbers.</summary>
public class SimulationDiagnosticsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(500, 0.85, 123UL)]
    [InlineData(500, 0.80, 111UL)]
    [InlineData(2000, 0.85, 123UL)]
    [InlineData(2000, 0.80, 111UL)]
    public void S1ThenS2_Diagnostics(int n, double tau, ulong seed)
    {
        int[] y = SimulationTestData.WallRobotLabels(n, seed);
        var rng = new Rng(seed);
        var pool = SyntheticAnnotators.Generate(y, 4, tau, 30, rng, out double[,] nm);
        var s1 = Sparsification.KeepAtMostPerRow(pool, rng);
        var s2 = Sparsification.LeastAnnotations(s1, rng);

        var full = LabelDiagnostics.AnnotatorAccuracySummary(pool, y);
        var h1 = LabelDiagnostics.LabelCountHistogram(s1);
        var h2 = LabelDiagnostics.LabelCountHistogram(s2);
        var acc = LabelDiagnostics.AnnotatorAccuracySummary(s2, y);
        double single = h2.GetValueOrDefault(1) / (double)n;
        output.WriteLine($"n={n} tau={tau} seed={seed}");
        output.WriteLine($"  diag(NM) = [{string.Join(", ", Enumerable.Range(0, 4).Select(i => nm[i, i].ToString("F3")))}]");
        output.WriteLine($"  full-pool annotator accuracy {full.Min:F4}/{full.Mean:F4}/{full.Max:F4}");
        output.WriteLine($"  S1 histogram {{{string.Join(", ", h1.Select(kv => $"{kv.Key}: {kv.Value}"))}}} mean {LabelDiagnostics.MeanLabelsPerRow(s1):F3}");
        output.WriteLine($"  S1+S2 histogram {{{string.Join(", ", h2.Select(kv => $"{kv.Key}: {kv.Value}"))}}} single {single:P1}");
        output.WriteLine($"  S1+S2 annotator accuracy min {acc.Min:F3} mean {acc.Mean:F3} max {acc.Max:F3} over {acc.Annotators}");

        Assert.InRange(single, 0.84, 0.92);
        Assert.False(h2.ContainsKey(0));
        Assert.InRange(acc.Mean, full.Mean - 0.05, full.Mean + 0.05);
        Assert.True(acc.Min < acc.Mean && acc.Mean < acc.Max);
    }

    [Theory]
    [InlineData(0.6, 1234UL)]
    [InlineData(0.8, 1234UL)]
    [InlineData(1.0, 1234UL)]
    public void S2Only_Diagnostics(double tau, ulong seed)
    {
        // §1.7 single-vs-multiannotator: S2 only on a 500×30 pool.
        int[] y = SimulationTestData.WallRobotLabels(500, seed);
        var rng = new Rng(seed);
        var pool = SyntheticAnnotators.Generate(y, 4, tau, 30, rng);
        var s2 = Sparsification.LeastAnnotations(pool, rng);
        var h = LabelDiagnostics.LabelCountHistogram(s2);
        var full = LabelDiagnostics.AnnotatorAccuracySummary(pool, y);
        var acc = LabelDiagnostics.AnnotatorAccuracySummary(s2, y);
        output.WriteLine($"tau={tau}: S2 histogram {{{string.Join(", ", h.Select(kv => $"{kv.Key}: {kv.Value / 5.0:F1}%"))}}} " +
                         $"mean {LabelDiagnostics.MeanLabelsPerRow(s2):F3}; full-pool acc {full.Mean:F3}; " +
                         $"sparse acc {acc.Min:F3}/{acc.Mean:F3}/{acc.Max:F3}");
        Assert.InRange(LabelDiagnostics.MeanLabelsPerRow(s2), 1.7, 2.0);
    }
}
