namespace ActiveLab.Results.Tests;

/// <summary><see cref="ResultCompactor"/>: merge parts, de-duplicate, sort, reject conflicts, skip strays.</summary>
public class ResultCompactorTests
{
    /// <summary>Two writers, out-of-order rows, identical duplicates across and within parts.</summary>
    private static void WriteParts(string sweepDir)
    {
        var a = new ResultPartWriter(sweepDir, "node-a");
        var b = new ResultPartWriter(sweepDir, "node-b");
        a.AddRange([Rows.Round("wall-robot", "random", "et", 0, 1), Rows.Round("wall-robot", "crowdlab", "et", 0, 0)]);
        a.AddRange([Rows.Label("wall-robot", "crowdlab", "et", 0, 0, 1, 42), Rows.Label("wall-robot", "crowdlab", "et", 0, 0, 0, 7)]);
        a.Flush();
        b.AddRange([Rows.Round("cifar10h", "crowdlab", "mlp", 1, 0), Rows.Round("wall-robot", "crowdlab", "et", 0, 0)]); // dup of a's
        b.Add(Rows.Label("wall-robot", "crowdlab", "et", 0, 0, 1, 42)); // dup of a's
        b.Flush();
        a.AddRange([Rows.Round("wall-robot", "crowdlab", "et", 0, 10), Rows.Round("wall-robot", "crowdlab", "et", 0, 2),
            Rows.Round("wall-robot", "random", "et", 0, 1)]); // resumed sweep rewrote round 1 identically
        a.AddRange([Rows.Label("cifar10h", "crowdlab", "mlp", 1, 0, 0, 3), Rows.Label("cifar10h", "crowdlab", "mlp", 1, 0, 0, 3)]);
        a.Flush();
    }

    private static readonly RoundRow[] ExpectedRounds =
    [
        Rows.Round("cifar10h", "crowdlab", "mlp", 1, 0),
        Rows.Round("wall-robot", "crowdlab", "et", 0, 0),
        Rows.Round("wall-robot", "crowdlab", "et", 0, 2),
        Rows.Round("wall-robot", "crowdlab", "et", 0, 10),
        Rows.Round("wall-robot", "random", "et", 0, 1),
    ];

    private static readonly LabelRow[] ExpectedLabels =
    [
        Rows.Label("cifar10h", "crowdlab", "mlp", 1, 0, 0, 3),
        Rows.Label("wall-robot", "crowdlab", "et", 0, 0, 0, 7),
        Rows.Label("wall-robot", "crowdlab", "et", 0, 0, 1, 42),
    ];

    [Fact]
    public void PartsCompactToSortedDeduplicatedTables()
    {
        using var dir = new TempDir();
        WriteParts(dir.Path);
        CompactionResult result = ResultCompactor.CompactParts(dir.Path);

        Assert.Equal(ExpectedRounds, ParquetTables.ReadRounds(SweepLayout.RoundsPath(dir.Path)));
        Assert.Equal(ExpectedLabels, ParquetTables.ReadLabels(SweepLayout.LabelsPath(dir.Path)));
        Assert.Equal(new CompactionResult(
            Path.GetFullPath(SweepLayout.RoundsPath(dir.Path)), Path.GetFullPath(SweepLayout.LabelsPath(dir.Path)),
            RoundRows: 5, LabelRows: 3, DuplicateRoundRows: 2, DuplicateLabelRows: 2, PartsRead: 6, SkippedParts: result.SkippedParts), result);
        Assert.Empty(result.SkippedParts);
        // Parts are kept; compaction is repeatable and gives the same bytes.
        Assert.Equal(6, Directory.GetFiles(SweepLayout.PartsDirectory(dir.Path)).Length);
        byte[] rounds = File.ReadAllBytes(SweepLayout.RoundsPath(dir.Path));
        byte[] labels = File.ReadAllBytes(SweepLayout.LabelsPath(dir.Path));
        ResultCompactor.CompactParts(dir.Path);
        Assert.Equal(rounds, File.ReadAllBytes(SweepLayout.RoundsPath(dir.Path)));
        Assert.Equal(labels, File.ReadAllBytes(SweepLayout.LabelsPath(dir.Path)));
        Assert.DoesNotContain(dir.AllFiles(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RowsHandedInDirectlyGiveTheSameBytesAsParts()
    {
        using var fromParts = new TempDir();
        using var direct = new TempDir();
        WriteParts(fromParts.Path);
        await ResultCompactor.CompactPartsAsync(fromParts.Path);

        IEnumerable<RoundRow> rounds = ExpectedRounds.Reverse().Concat(ExpectedRounds.Take(2));
        IEnumerable<LabelRow> labels = ExpectedLabels.Reverse();
        CompactionResult result = await ResultCompactor.CompactAsync(rounds, labels, direct.Path);
        Assert.Equal((5, 3, 2, 0, 0), (result.RoundRows, result.LabelRows, result.DuplicateRoundRows, result.DuplicateLabelRows, result.PartsRead));
        Assert.Equal(File.ReadAllBytes(SweepLayout.RoundsPath(fromParts.Path)), File.ReadAllBytes(SweepLayout.RoundsPath(direct.Path)));
        Assert.Equal(File.ReadAllBytes(SweepLayout.LabelsPath(fromParts.Path)), File.ReadAllBytes(SweepLayout.LabelsPath(direct.Path)));
        Assert.Equal(["labels.parquet", "rounds.parquet"], direct.AllFiles());
    }

    [Fact]
    public void SortIsOrdinalThenNumeric()
    {
        RoundRow[] rows =
        [
            Rows.Round("b", "a", "a", 0, 0), Rows.Round("a", "b", "a", 0, 0), Rows.Round("a", "a", "b", 0, 0),
            Rows.Round("a", "a", "a", 10, 0), Rows.Round("a", "a", "a", 2, 0), Rows.Round("a", "a", "a", 2, -1),
            Rows.Round("B", "a", "a", 0, 0),
        ];
        Assert.Equal(
            [rows[6], rows[5], rows[4], rows[3], rows[2], rows[1], rows[0]], // ordinal: "B" < "a" < "b"
            ResultCompactor.Normalize(rows));
        LabelRow[] labels = [Rows.Label("a", "a", "a", 0, 1, 0, 9), Rows.Label("a", "a", "a", 0, 0, 2, 1), Rows.Label("a", "a", "a", 0, 0, 1, 8), Rows.Label("a", "a", "a", 0, 0, 1, 3)];
        Assert.Equal([labels[3], labels[2], labels[1], labels[0]], ResultCompactor.Normalize(labels));
    }

    [Fact]
    public void NaNDuplicatesAreIdentical()
    {
        RoundRow row = Rows.Round("d", "m", "x", 0, 0) with { ModelAccuracy = double.NaN };
        Assert.Single(ResultCompactor.Normalize([row, row with { }]));
    }

    [Fact]
    public void ConflictingRoundDuplicateNamesTheKeyAndBothParts()
    {
        using var dir = new TempDir();
        WriteParts(dir.Path);
        var c = new ResultPartWriter(dir.Path, "node-c");
        c.Add(Rows.Round("wall-robot", "crowdlab", "et", 0, 2, accuracy: 0.9));
        c.Flush();
        var e = Assert.Throws<ResultConflictException>(() => ResultCompactor.CompactParts(dir.Path));
        Assert.Equal("rounds", e.Table);
        Assert.Equal("dataset=wall-robot, method=crowdlab, model=et, repeat=0, round=2", e.Key);
        Assert.StartsWith("rounds key (dataset=wall-robot, method=crowdlab, model=et, repeat=0, round=2) appears twice with different values", e.Message);
        Assert.Contains("rounds-000002-node-a.parquet", e.Message);
        Assert.Contains("rounds-000001-node-c.parquet", e.Message);
        Assert.False(File.Exists(SweepLayout.RoundsPath(dir.Path)));
        Assert.False(File.Exists(SweepLayout.LabelsPath(dir.Path)));
    }

    [Fact]
    public void ConflictingLabelDuplicateNamesTheKey()
    {
        LabelRow a = Rows.Label("d", "m", "x", 0, 3, rank: 4, exampleId: 17, label: 1);
        var e = Assert.Throws<ResultConflictException>(() => ResultCompactor.Compact([], [a, a with { Label = 2 }], "unused"));
        Assert.Equal("labels", e.Table);
        Assert.Equal("dataset=d, method=m, model=x, repeat=0, round=3, example_id=17, rank=4", e.Key);
        Assert.Contains("from rows handed in", e.Message);
    }

    [Fact]
    public void DifferentTrainingTimeIsAConflict()
    {
        RoundRow a = Rows.Round("d", "m", "x", 0, 0, seconds: 1.0);
        var e = Assert.Throws<ResultConflictException>(() => ResultCompactor.Normalize([a, a with { TrainSeconds = 1.5 }]));
        Assert.Contains("TrainSeconds = 1.5", e.Message);
    }

    [Fact]
    public void StrayTempFilesAndOtherNamesAreIgnored()
    {
        using var dir = new TempDir();
        WriteParts(dir.Path);
        string parts = SweepLayout.PartsDirectory(dir.Path);
        File.WriteAllText(Path.Combine(parts, ".rounds-000009-node-a.parquet.0123456789abcdef0123456789abcdef.tmp"), "half written");
        File.WriteAllText(Path.Combine(parts, ".labels-000009-node-a.parquet.fedcba9876543210fedcba9876543210.tmp"), "");
        File.WriteAllText(Path.Combine(parts, "notes.txt"), "not a part");
        CompactionResult result = ResultCompactor.CompactParts(dir.Path);
        Assert.Equal(6, result.PartsRead);
        Assert.Equal(ExpectedRounds, ParquetTables.ReadRounds(SweepLayout.RoundsPath(dir.Path)));
    }

    [Fact]
    public void CorruptPartIsAnErrorNamingTheFile()
    {
        using var dir = new TempDir();
        WriteParts(dir.Path);
        string bad = Path.Combine(SweepLayout.PartsDirectory(dir.Path), "labels-000007-node-z.parquet");
        File.WriteAllText(bad, "PAR1 garbage");
        var e = Assert.Throws<ResultFileException>(() => ResultCompactor.CompactParts(dir.Path));
        Assert.Equal(bad, e.FilePath);
        Assert.StartsWith(bad + ": ", e.Message);
        Assert.False(File.Exists(SweepLayout.RoundsPath(dir.Path)));
    }

    [Fact]
    public void CorruptPartCanBeSkippedWithAWarning()
    {
        using var dir = new TempDir();
        WriteParts(dir.Path);
        string bad = Path.Combine(SweepLayout.PartsDirectory(dir.Path), "rounds-000007-node-z.parquet");
        File.WriteAllBytes(bad, File.ReadAllBytes(Path.Combine(SweepLayout.PartsDirectory(dir.Path), "rounds-000001-node-a.parquet"))[..40]);
        var warnings = new List<string>();
        CompactionResult result = ResultCompactor.CompactParts(dir.Path, new ResultCompactionOptions { SkipUnreadableParts = true, Warning = warnings.Add });
        Assert.Single(result.SkippedParts);
        Assert.StartsWith(bad + ": ", result.SkippedParts[0]);
        Assert.Equal([$"skipping unreadable result part {result.SkippedParts[0]}"], warnings);
        Assert.Equal(6, result.PartsRead);
        Assert.Equal(ExpectedRounds, ParquetTables.ReadRounds(SweepLayout.RoundsPath(dir.Path)));
    }

    [Fact]
    public void NoPartsGivesEmptyTables()
    {
        using var dir = new TempDir();
        CompactionResult result = ResultCompactor.CompactParts(dir.Path);
        Assert.Equal((0, 0, 0), (result.RoundRows, result.LabelRows, result.PartsRead));
        Assert.Empty(ParquetTables.ReadRounds(SweepLayout.RoundsPath(dir.Path)));
        Assert.Empty(ParquetTables.ReadLabels(SweepLayout.LabelsPath(dir.Path)));
    }
}
