using System.Globalization;
using ActiveLab.Results;

namespace ActiveLab.Reports.Tests;

/// <summary>The whole report on the committed tiny sweep: files, figures, and table values recomputed from the rows.</summary>
public class ReportTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Writes_non_empty_png_figures_for_each_group_and_metric()
    {
        using var fx = new Fixture();
        var report = StudyReport.Analyze(SweepResults.Read(fx.SweepDir));
        string outDir = Path.Combine(fx.Root, "report");
        ReportFiles files = ReportWriter.Write(report, outDir);

        Assert.Equal(2, files.Figures.Count); // one group (wall-robot · et) × two metrics
        foreach (string figure in files.Figures)
        {
            byte[] bytes = File.ReadAllBytes(figure);
            Assert.True(bytes.Length > 10_000, $"{figure} is only {bytes.Length} bytes");
            Assert.Equal(PngSignature, bytes[..8]);
        }
        Assert.Contains("wall-robot_et_model-accuracy.png", File.ReadAllText(files.Markdown));
        Assert.Contains("<table>", File.ReadAllText(files.Html));
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
    }

    [Fact]
    public void Final_round_tables_equal_values_computed_from_the_rows()
    {
        using var fx = new Fixture();
        var rows = fx.Rows;
        var report = StudyReport.Analyze(SweepResults.Read(fx.SweepDir));
        string md = MarkdownReport.Write(report);
        int final = rows.Max(r => r.Round);
        Assert.Equal(2, final);

        foreach (string method in new[] { "random", "entropy", "crowdlab" })
        {
            double[] model = rows.Where(r => r.Method == method && r.Round == final).Select(r => r.ModelAccuracy).ToArray();
            double[] consensus = rows.Where(r => r.Method == method && r.Round == final).Select(r => r.ConsensusAccuracy).ToArray();
            Assert.Equal(2, model.Length);
            foreach (double[] values in new[] { model, consensus })
            {
                double mean = (values[0] + values[1]) / 2;
                double std = Math.Abs(values[0] - values[1]) / 2; // population std of two values
                Assert.Contains($"| 2 | {F(mean)} ± {F(std)} |", md);
            }
            // Difference to the paper's round-2 value (the sweep's final round; the paper has every round).
            double paper = ReferenceResults.Published.Find("wall-robot/et", method, ReportMetric.ModelAccuracy, final)!.Mean;
            double ours = model.Average();
            Assert.Contains($"| {MethodNames.Display(method)} (`{method}`) | 2 | {F(ours)} ± {F(Math.Abs(model[0] - model[1]) / 2)} | {F(paper)} ±", md);
            var c = report.Groups.Single().Compare(method, ReportMetric.ModelAccuracy);
            Assert.Equal(ours - paper, c.Difference!.Value, 12);
        }
        Assert.Contains("**Complete**: all 6 cells", md);
    }

    [Fact]
    public void Curves_csv_has_every_round_of_every_method_and_metric()
    {
        using var fx = new Fixture();
        var rows = fx.Rows;
        var report = StudyReport.Analyze(SweepResults.Read(fx.SweepDir));
        string[] lines = CurvesCsv.Write(report, ReferenceResults.Published).TrimEnd().Split('\n');
        Assert.Equal(CurvesCsv.Header, lines[0]);
        Assert.Equal(1 + 3 * 2 * 3, lines.Length); // methods × metrics × rounds

        string line = lines.Single(l => l.StartsWith("wall-robot,et,crowdlab,consensus_label_accuracy,1,", StringComparison.Ordinal));
        string[] f = line.Split(',');
        double expected = rows.Where(r => r.Method == "crowdlab" && r.Round == 1).Average(r => r.ConsensusAccuracy);
        Assert.Equal(expected, double.Parse(f[5], CultureInfo.InvariantCulture), 15);
        Assert.Equal("2", f[7]);
        Assert.Equal(ReferenceResults.Published.Find("wall-robot/et", "crowdlab", ReportMetric.ConsensusAccuracy, 1)!.Mean,
            double.Parse(f[8], CultureInfo.InvariantCulture), 15);
    }

    [Fact]
    public void A_partial_sweep_is_read_from_its_parts_and_lists_the_missing_cells()
    {
        using var fx = new Fixture();
        var rows = fx.Rows;
        // As if the sweep had stopped: no compacted file, parts holding crowdlab repeat 1 only up to round 0 and
        // nothing of entropy repeat 0.
        File.Delete(SweepLayout.RoundsPath(fx.SweepDir));
        var kept = rows.Where(r => !(r.Method == "crowdlab" && r.Repeat == 1 && r.Round > 0) && !(r.Method == "entropy" && r.Repeat == 0)).ToArray();
        Directory.CreateDirectory(SweepLayout.PartsDirectory(fx.SweepDir));
        ParquetTables.WriteRounds(Path.Combine(SweepLayout.PartsDirectory(fx.SweepDir), "rounds-000001-a.parquet"), kept.Take(6));
        ParquetTables.WriteRounds(Path.Combine(SweepLayout.PartsDirectory(fx.SweepDir), "rounds-000002-a.parquet"), kept.Skip(4)); // overlaps: de-duplicated

        var sweep = SweepResults.Read(fx.SweepDir, _ => 3);
        Assert.Equal(kept.Length, sweep.Rows.Count);
        Assert.Contains("2 part files", sweep.Source);
        Assert.False(sweep.IsComplete);
        Assert.Equal(
            [new CellGap("wall-robot", "entropy", "et", 0, 0, 3), new CellGap("wall-robot", "crowdlab", "et", 1, 1, 3)],
            sweep.Gaps.OrderBy(g => g.Method == "crowdlab").ToArray());

        string md = MarkdownReport.Write(StudyReport.Analyze(sweep));
        Assert.Contains("**Partial sweep**: 2 of 6 cells are missing rounds", md);
        Assert.Contains("| wall-robot | entropy | et | 0 | 0 | 3 |", md);
        // The final-round mean of crowdlab now rests on one run.
        Assert.Contains("| ActiveLab (`crowdlab`) | 1 |", md);
    }

    [Fact]
    public void A_missing_folder_is_a_clear_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => SweepResults.Read(Path.Combine(Path.GetTempPath(), "no-such-sweep-" + Guid.NewGuid())));

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
