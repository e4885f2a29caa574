using System.Security.Cryptography;

namespace ActiveLab.Results.Tests;

/// <summary>
/// The pair rounds.parquet + labels.parquet is replaced together: crashes at each step of the two-phase commit are
/// simulated by building the files a killed compactor would leave, then <see cref="ResultCompactor.RecoverInterruptedCompaction"/>
/// (or the next compaction) must give the old pair or the new pair, never one of each.
/// </summary>
public class CompactionCommitTests
{
    private static readonly RoundRow[] OldRounds = [Rows.Round("d", "m", "x", 0, 0)];
    private static readonly LabelRow[] OldLabels = [Rows.Label("d", "m", "x", 0, 0, 0, 1)];
    private static readonly RoundRow[] NewRounds = [Rows.Round("d", "m", "x", 0, 0), Rows.Round("d", "m", "x", 0, 1)];
    private static readonly LabelRow[] NewLabels = [Rows.Label("d", "m", "x", 0, 0, 0, 1), Rows.Label("d", "m", "x", 0, 1, 0, 2)];

    private const string RoundsTemp = ".rounds.parquet.0123456789abcdef0123456789abcdef.tmp";
    private const string LabelsTemp = ".labels.parquet.fedcba9876543210fedcba9876543210.tmp";

    /// <summary>Old pair in place, new pair written to the temps a compactor uses; returns the new pair's bytes.</summary>
    private static (byte[] Rounds, byte[] Labels) Prepare(TempDir dir)
    {
        ParquetTables.WriteRounds(SweepLayout.RoundsPath(dir.Path), OldRounds);
        ParquetTables.WriteLabels(SweepLayout.LabelsPath(dir.Path), OldLabels);
        ParquetTables.WriteRounds(dir.File(RoundsTemp), NewRounds);
        ParquetTables.WriteLabels(dir.File(LabelsTemp), NewLabels);
        return (File.ReadAllBytes(dir.File(RoundsTemp)), File.ReadAllBytes(dir.File(LabelsTemp)));
    }

    private static string Intent(byte[] rounds, byte[] labels) => $$"""
        {
          "format_version": 1,
          "renames": [
            { "temp": "{{RoundsTemp}}", "final": "rounds.parquet", "sha256": "{{Hash(rounds)}}" },
            { "temp": "{{LabelsTemp}}", "final": "labels.parquet", "sha256": "{{Hash(labels)}}" }
          ]
        }
        """;

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void AssertPair(TempDir dir, RoundRow[] rounds, LabelRow[] labels)
    {
        Assert.Equal(rounds, ParquetTables.ReadRounds(SweepLayout.RoundsPath(dir.Path)));
        Assert.Equal(labels, ParquetTables.ReadLabels(SweepLayout.LabelsPath(dir.Path)));
        Assert.Equal(["labels.parquet", "rounds.parquet"], dir.AllFiles());
    }

    [Fact]
    public void CrashAfterTheIntentRollsForwardToTheNewPair()
    {
        using var dir = new TempDir();
        (byte[] rounds, byte[] labels) = Prepare(dir);
        File.WriteAllText(dir.File(CompactionCommit.IntentFileName), Intent(rounds, labels));

        CompactionRecovery recovery = ResultCompactor.RecoverInterruptedCompaction(dir.Path);

        Assert.True(recovery.RolledForward);
        Assert.Empty(recovery.DeletedTempFiles);
        AssertPair(dir, NewRounds, NewLabels);
        Assert.Equal(rounds, File.ReadAllBytes(SweepLayout.RoundsPath(dir.Path)));
        Assert.Equal(labels, File.ReadAllBytes(SweepLayout.LabelsPath(dir.Path)));
    }

    [Fact]
    public void CrashAfterOneRenameRollsForwardTheOther()
    {
        using var dir = new TempDir();
        (byte[] rounds, byte[] labels) = Prepare(dir);
        File.WriteAllText(dir.File(CompactionCommit.IntentFileName), Intent(rounds, labels));
        File.Move(dir.File(RoundsTemp), SweepLayout.RoundsPath(dir.Path), overwrite: true); // new rounds, old labels: mixed

        Assert.True(ResultCompactor.RecoverInterruptedCompaction(dir.Path).RolledForward);
        AssertPair(dir, NewRounds, NewLabels);

        // Running it again finds nothing to do.
        CompactionRecovery again = ResultCompactor.RecoverInterruptedCompaction(dir.Path);
        Assert.False(again.RolledForward);
        Assert.Empty(again.DeletedTempFiles);
    }

    [Fact]
    public void CrashAfterBothRenamesOnlyDeletesTheIntent()
    {
        using var dir = new TempDir();
        (byte[] rounds, byte[] labels) = Prepare(dir);
        File.WriteAllText(dir.File(CompactionCommit.IntentFileName), Intent(rounds, labels));
        File.Move(dir.File(LabelsTemp), SweepLayout.LabelsPath(dir.Path), overwrite: true);
        File.Move(dir.File(RoundsTemp), SweepLayout.RoundsPath(dir.Path), overwrite: true);

        Assert.True(ResultCompactor.RecoverInterruptedCompaction(dir.Path).RolledForward);
        AssertPair(dir, NewRounds, NewLabels);
    }

    [Fact]
    public void TempsWithoutAnIntentAreDeletedAndTheOldPairKept()
    {
        using var dir = new TempDir();
        Prepare(dir);
        File.WriteAllText(dir.File(".compaction-commit.json.00000000000000000000000000000000.tmp"), "{ \"format_ver");
        byte[] oldRounds = File.ReadAllBytes(SweepLayout.RoundsPath(dir.Path));
        byte[] oldLabels = File.ReadAllBytes(SweepLayout.LabelsPath(dir.Path));

        CompactionRecovery recovery = ResultCompactor.RecoverInterruptedCompaction(dir.Path);

        Assert.False(recovery.RolledForward);
        Assert.Equal(
            [".compaction-commit.json.00000000000000000000000000000000.tmp", LabelsTemp, RoundsTemp],
            recovery.DeletedTempFiles.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertPair(dir, OldRounds, OldLabels);
        Assert.Equal(oldRounds, File.ReadAllBytes(SweepLayout.RoundsPath(dir.Path)));
        Assert.Equal(oldLabels, File.ReadAllBytes(SweepLayout.LabelsPath(dir.Path)));
    }

    [Fact]
    public void OtherFilesAndAMissingFolderAreLeftAlone()
    {
        using var dir = new TempDir();
        CompactionRecovery absent = ResultCompactor.RecoverInterruptedCompaction(dir.File("absent"));
        Assert.False(absent.RolledForward);
        Assert.Empty(absent.DeletedTempFiles);
        File.WriteAllText(dir.File(".manifest.json.0123.tmp"), "not ours");
        File.WriteAllText(dir.File("notes.txt"), "");
        Assert.Empty(ResultCompactor.RecoverInterruptedCompaction(dir.Path).DeletedTempFiles);
        Assert.Equal([".manifest.json.0123.tmp", "notes.txt"], dir.AllFiles());
    }

    [Fact]
    public void CompactionRecoversFirst()
    {
        using var dir = new TempDir();
        (byte[] rounds, byte[] labels) = Prepare(dir);
        File.WriteAllText(dir.File(CompactionCommit.IntentFileName), Intent(rounds, labels));
        File.Move(dir.File(RoundsTemp), SweepLayout.RoundsPath(dir.Path), overwrite: true);

        ResultCompactor.Compact(NewRounds.Append(Rows.Round("d", "m", "x", 0, 2)), NewLabels, dir.Path);

        AssertPair(dir, [.. NewRounds, Rows.Round("d", "m", "x", 0, 2)], NewLabels);
    }

    [Fact]
    public void AnIntentWhoseTempIsGoneAndTableIsNotCommittedIsAnError()
    {
        using var dir = new TempDir();
        (byte[] rounds, byte[] labels) = Prepare(dir);
        File.WriteAllText(dir.File(CompactionCommit.IntentFileName), Intent(rounds, labels));
        File.Delete(dir.File(LabelsTemp)); // labels.parquet is still the old one

        var e = Assert.Throws<ResultFileException>(() => ResultCompactor.RecoverInterruptedCompaction(dir.Path));
        Assert.Equal(dir.File(CompactionCommit.IntentFileName), e.FilePath);
        Assert.Contains(LabelsTemp + " is gone and labels.parquet is not the committed table", e.Message);
        Assert.True(File.Exists(dir.File(CompactionCommit.IntentFileName))); // kept for a person to look at
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "format_version": 1, "renames": [ { "temp": "../../etc/passwd", "final": "rounds.parquet", "sha256": "" } ] }""")]
    [InlineData("""{ "format_version": 1, "renames": [ { "temp": ".rounds.parquet.1.tmp", "final": "journal.db", "sha256": "" }, { "temp": ".labels.parquet.1.tmp", "final": "labels.parquet", "sha256": "" } ] }""")]
    [InlineData("""{ "format_version": 2, "renames": [] }""")]
    public void AnInvalidIntentIsAnErrorAndTouchesNothing(string json)
    {
        using var dir = new TempDir();
        Prepare(dir);
        File.WriteAllText(dir.File(CompactionCommit.IntentFileName), json);
        string[] before = dir.AllFiles();
        var e = Assert.Throws<ResultFileException>(() => ResultCompactor.RecoverInterruptedCompaction(dir.Path));
        Assert.Equal(dir.File(CompactionCommit.IntentFileName), e.FilePath);
        Assert.Equal(before, dir.AllFiles());
        AssertOld(dir);
    }

    private static void AssertOld(TempDir dir)
    {
        Assert.Equal(OldRounds, ParquetTables.ReadRounds(SweepLayout.RoundsPath(dir.Path)));
        Assert.Equal(OldLabels, ParquetTables.ReadLabels(SweepLayout.LabelsPath(dir.Path)));
    }

    [Fact]
    public void ACompactionLeavesNoIntentOrTemp()
    {
        using var dir = new TempDir();
        ResultCompactor.Compact(NewRounds, NewLabels, dir.Path);
        AssertPair(dir, NewRounds, NewLabels);
    }

    [Fact]
    public void AFailedCompactionThrowsAndKeepsTheOldPair()
    {
        using var dir = new TempDir();
        ParquetTables.WriteRounds(SweepLayout.RoundsPath(dir.Path), OldRounds);
        Directory.CreateDirectory(SweepLayout.LabelsPath(dir.Path)); // labels.parquet cannot be replaced
        byte[] before = File.ReadAllBytes(SweepLayout.RoundsPath(dir.Path));

        var e = Assert.Throws<ResultFileException>(() => ResultCompactor.Compact(NewRounds, NewLabels, dir.Path));

        Assert.Equal(Path.GetFullPath(SweepLayout.LabelsPath(dir.Path)), e.FilePath);
        Assert.Equal(before, File.ReadAllBytes(SweepLayout.RoundsPath(dir.Path)));
        Assert.Equal(["rounds.parquet"], dir.AllFiles());
    }

    [Fact]
    public void ACompactionIntoAFileInsteadOfAFolderThrows()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("sweep"), "a file, not a folder");
        Assert.ThrowsAny<IOException>(() => ResultCompactor.Compact(NewRounds, NewLabels, dir.File("sweep")));
        Assert.Equal(["sweep"], dir.AllFiles());
    }
}
