using ActiveLab.Results;

namespace ActiveLab.Reports.Tests;

/// <summary>The committed tiny sweep (see fixtures/README.md), copied to a fresh temp folder per test.</summary>
internal sealed class Fixture : IDisposable
{
    public const string SweepName = "tiny-report-fixture";

    public Fixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "activelab-report-" + Guid.NewGuid().ToString("N"));
        SweepDir = Path.Combine(Root, SweepName);
        Directory.CreateDirectory(SweepDir);
        foreach (string f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", SweepName)))
            File.Copy(f, Path.Combine(SweepDir, Path.GetFileName(f)));
    }

    public string Root { get; }
    public string SweepDir { get; }

    /// <summary>The fixture's rows, read directly with the Parquet reader.</summary>
    public IReadOnlyList<RoundRow> Rows => ParquetTables.ReadRounds(SweepLayout.RoundsPath(SweepDir));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
