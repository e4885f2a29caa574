namespace ActiveLab.Results.Tests;

/// <summary><see cref="ResultParts"/>: setting parts aside before a resume, deleting them after compaction.</summary>
public class ResultPartsTests
{
    private static readonly DateTime At = new(2026, 12, 3, 14, 5, 6, 789, DateTimeKind.Utc);

    private static void WriteOldParts(string sweepDir)
    {
        var w = new ResultPartWriter(sweepDir, "node-a");
        w.Add(Rows.Round("d", "m", "x", 0, 0, accuracy: 0.1)); // differs from the rewritten row below: would conflict
        w.Add(Rows.Label("d", "m", "x", 0, 0, 0, 1));
        w.Flush();
        w.Add(Rows.Round("d", "m", "x", 0, 1));
        w.Flush();
    }

    [Fact]
    public void SetAsideMovesPartsAndPartTempsIntoATimestampedFolder()
    {
        using var dir = new TempDir();
        WriteOldParts(dir.Path);
        string parts = SweepLayout.PartsDirectory(dir.Path);
        File.WriteAllText(Path.Combine(parts, ".rounds-000003-node-a.parquet.0123456789abcdef0123456789abcdef.tmp"), "half");
        File.WriteAllText(Path.Combine(parts, "notes.txt"), "not a part");

        Assert.Equal(4, ResultParts.SetAside(dir.Path, At));

        const string s = "parts/superseded-20261203T140506789Z/";
        Assert.Equal(
        [
            "parts/notes.txt",
            s + ".rounds-000003-node-a.parquet.0123456789abcdef0123456789abcdef.tmp",
            s + "labels-000001-node-a.parquet",
            s + "rounds-000001-node-a.parquet",
            s + "rounds-000002-node-a.parquet",
        ], dir.AllFiles());

        // A restarted writer starts again at 1 in the emptied folder; a second set-aside at the same time gets its own folder.
        var w = new ResultPartWriter(dir.Path, "node-a");
        Assert.Equal(1, w.NextSequence);
        w.Add(Rows.Round("d", "m", "x", 0, 0));
        w.Flush();
        Assert.Equal(1, ResultParts.SetAside(dir.Path, At));
        Assert.Contains("parts/superseded-20261203T140506789Z-2/rounds-000001-node-a.parquet", dir.AllFiles());
    }

    [Fact]
    public void NothingToSetAsideCreatesNothing()
    {
        using var dir = new TempDir();
        Assert.Equal(0, ResultParts.SetAside(dir.Path));
        Directory.CreateDirectory(SweepLayout.PartsDirectory(dir.Path));
        File.WriteAllText(Path.Combine(SweepLayout.PartsDirectory(dir.Path), "notes.txt"), "");
        Assert.Equal(0, ResultParts.SetAside(dir.Path));
        Assert.Equal(["parts/notes.txt"], dir.AllFiles());
        Assert.Empty(Directory.GetDirectories(SweepLayout.PartsDirectory(dir.Path)));
    }

    [Fact]
    public void ACorruptPartSetAsideNoLongerBreaksCompactionOfFreshParts()
    {
        using var dir = new TempDir();
        WriteOldParts(dir.Path);
        string parts = SweepLayout.PartsDirectory(dir.Path);
        string good = Path.Combine(parts, "rounds-000001-node-a.parquet");
        File.WriteAllBytes(Path.Combine(parts, "rounds-000009-node-b.parquet"), File.ReadAllBytes(good)[..40]); // truncated
        Assert.Throws<ResultFileException>(() => ResultCompactor.CompactParts(dir.Path));

        Assert.Equal(4, ResultParts.SetAside(dir.Path, At));
        // The resume rewrites every row from the journal.
        var w = new ResultPartWriter(dir.Path, "node-a");
        w.AddRange([Rows.Round("d", "m", "x", 0, 0), Rows.Round("d", "m", "x", 0, 1)]);
        w.Add(Rows.Label("d", "m", "x", 0, 0, 0, 1));
        w.Flush();

        CompactionResult result = ResultCompactor.CompactParts(dir.Path);
        Assert.Equal((2, 1, 2), (result.RoundRows, result.LabelRows, result.PartsRead));
        Assert.Equal([Rows.Round("d", "m", "x", 0, 0), Rows.Round("d", "m", "x", 0, 1)], ParquetTables.ReadRounds(SweepLayout.RoundsPath(dir.Path)));

        Assert.Equal(1, ResultParts.DeleteSuperseded(dir.Path));
        Assert.Equal(
            ["labels.parquet", "parts/labels-000001-node-a.parquet", "parts/rounds-000001-node-a.parquet", "rounds.parquet"],
            dir.AllFiles());
        Assert.Empty(Directory.GetDirectories(parts));
    }

    [Fact]
    public void DeleteSupersededRemovesOnlySupersededFolders()
    {
        using var dir = new TempDir();
        Assert.Equal(0, ResultParts.DeleteSuperseded(dir.Path));
        WriteOldParts(dir.Path);
        ResultParts.SetAside(dir.Path, At);
        WriteOldParts(dir.Path);
        ResultParts.SetAside(dir.Path, At.AddSeconds(1));
        string parts = SweepLayout.PartsDirectory(dir.Path);
        Directory.CreateDirectory(Path.Combine(parts, "keep-me"));
        File.WriteAllText(Path.Combine(parts, "keep-me", "a.txt"), "");
        new ResultPartWriter(dir.Path, "n").AddAndFlush(Rows.Round("d", "m", "x", 0, 0));

        Assert.Equal(2, ResultParts.DeleteSuperseded(dir.Path));
        Assert.Equal(["parts/keep-me/a.txt", "parts/rounds-000001-n.parquet"], dir.AllFiles());
    }

    [Fact]
    public void CompactionIgnoresSubFoldersOfParts()
    {
        using var dir = new TempDir();
        WriteOldParts(dir.Path);
        ResultParts.SetAside(dir.Path, At);
        CompactionResult result = ResultCompactor.CompactParts(dir.Path);
        Assert.Equal((0, 0, 0), (result.RoundRows, result.LabelRows, result.PartsRead));
    }
}

internal static class PartWriterExtensions
{
    public static void AddAndFlush(this ResultPartWriter writer, RoundRow row)
    {
        writer.Add(row);
        writer.Flush();
    }
}
