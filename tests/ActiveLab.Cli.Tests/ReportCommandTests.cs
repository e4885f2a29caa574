namespace ActiveLab.Cli.Tests;

/// <summary><c>activelab report</c> on the committed tiny sweep, as a user runs it.</summary>
public class ReportCommandTests
{
    private static string CopyFixture(TempDir dir)
    {
        string sweep = dir.File("tiny-report-fixture");
        Directory.CreateDirectory(sweep);
        foreach (string f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny-report-fixture")))
            File.Copy(f, Path.Combine(sweep, Path.GetFileName(f)));
        return sweep;
    }

    [Fact]
    public void Writes_the_report_folder_inside_the_sweep_by_default()
    {
        using var dir = new TempDir();
        string sweep = CopyFixture(dir);
        var r = Cli.Run("report", "--results", sweep);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("report of tiny-report-fixture: 1 group(s), 2 figures, 18 round rows from rounds.parquet", r.Out);
        Assert.Contains("fidelity: ", r.Out);
        string report = Path.Combine(sweep, "report");
        Assert.Equal(
            ["curves.csv", "report.html", "report.md", "wall-robot_et_consensus-accuracy.png", "wall-robot_et_model-accuracy.png"],
            Directory.GetFiles(report).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Out_chooses_the_folder()
    {
        using var dir = new TempDir();
        string sweep = CopyFixture(dir);
        string outDir = dir.File("elsewhere/report");
        var r = Cli.Run("report", "--results", sweep, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.True(File.Exists(Path.Combine(outDir, "report.md")));
        Assert.False(Directory.Exists(Path.Combine(sweep, "report")));
    }

    [Fact]
    public void A_missing_or_empty_sweep_is_bad_input()
    {
        using var dir = new TempDir();
        var missing = Cli.Run("report", "--results", dir.File("nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such results folder", missing.Error);

        Directory.CreateDirectory(dir.File("empty"));
        var empty = Cli.Run("report", "--results", dir.File("empty"));
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("no results yet", empty.Error);

        var noArgs = Cli.Run("report");
        Assert.Equal(2, noArgs.ExitCode);
    }

    [Fact]
    public void A_corrupt_results_file_is_bad_input_naming_it()
    {
        using var dir = new TempDir();
        string sweep = CopyFixture(dir);
        File.WriteAllText(Path.Combine(sweep, "rounds.parquet"), "not parquet");
        var r = Cli.Run("report", "--results", sweep);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("rounds.parquet", r.Error);
    }
}
