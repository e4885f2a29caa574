namespace ActiveLab.Results.Tests;

/// <summary>Part files of <see cref="ResultPartWriter"/>: names, sequence numbers, immutability, resume.</summary>
public class ResultPartWriterTests
{
    [Fact]
    public void EachFlushWritesOnePartPerTableWithTheNextSequence()
    {
        using var dir = new TempDir();
        var writer = new ResultPartWriter(dir.Path, "node-1");
        Assert.Equal(1, writer.NextSequence);
        Assert.Empty(writer.Flush());
        Assert.Equal(1, writer.NextSequence);

        writer.Add(Rows.Round("d", "m", "x", 0, 0));
        writer.AddRange([Rows.Label("d", "m", "x", 0, 0, 0, 5), Rows.Label("d", "m", "x", 0, 0, 1, 6)]);
        Assert.Equal((1, 2), (writer.PendingRounds, writer.PendingLabels));
        IReadOnlyList<string> first = writer.Flush();
        Assert.Equal((0, 0), (writer.PendingRounds, writer.PendingLabels));
        Assert.Equal(
            [Path.Combine(dir.Path, "parts", "rounds-000001-node-1.parquet"), Path.Combine(dir.Path, "parts", "labels-000001-node-1.parquet")],
            first);

        writer.AddRange([Rows.Round("d", "m", "x", 0, 1)]);
        Assert.Equal([Path.Combine(dir.Path, "parts", "rounds-000002-node-1.parquet")], writer.Flush());

        Assert.Equal(
            ["parts/labels-000001-node-1.parquet", "parts/rounds-000001-node-1.parquet", "parts/rounds-000002-node-1.parquet"],
            dir.AllFiles());
        Assert.Equal([Rows.Round("d", "m", "x", 0, 0)], ParquetTables.ReadRounds(first[0]));
        Assert.Equal(2, ParquetTables.ReadLabels(first[1]).Count);
        Assert.Equal([Rows.Round("d", "m", "x", 0, 1)], ParquetTables.ReadRounds(dir.File("parts/rounds-000002-node-1.parquet")));
    }

    [Fact]
    public async Task ARestartedWriterContinuesAfterItsOwnParts()
    {
        using var dir = new TempDir();
        var a = new ResultPartWriter(dir.Path, "a");
        for (int i = 0; i < 3; i++)
        {
            a.Add(Rows.Label("d", "m", "x", 0, i, 0, i));
            await a.FlushAsync();
        }
        var other = new ResultPartWriter(dir.Path, "b-a");
        Assert.Equal(1, other.NextSequence); // another writer's parts do not count
        other.Add(Rows.Round("d", "m", "x", 1, 0));
        other.Flush();

        var restarted = new ResultPartWriter(dir.Path, "a");
        Assert.Equal(4, restarted.NextSequence);
        restarted.Add(Rows.Round("d", "m", "x", 0, 3));
        Assert.Equal([Path.Combine(dir.Path, "parts", "rounds-000004-a.parquet")], await restarted.FlushAsync());
    }

    [Fact]
    public void TwoWritersWithTheSameIdDoNotOverwriteEachOther()
    {
        using var dir = new TempDir();
        var w1 = new ResultPartWriter(dir.Path, "same");
        var w2 = new ResultPartWriter(dir.Path, "same");
        w1.Add(Rows.Round("d", "m", "x", 0, 0));
        w1.Flush();
        w2.Add(Rows.Round("d", "m", "x", 0, 1));
        Assert.Throws<IOException>(() => w2.Flush());
        Assert.Equal(1, w2.PendingRounds); // kept for a retry
        Assert.Equal([Rows.Round("d", "m", "x", 0, 0)], ParquetTables.ReadRounds(dir.File("parts/rounds-000001-same.parquet")));
        Assert.Equal(["parts/rounds-000001-same.parquet"], dir.AllFiles());
        w2.Flush(); // the retry uses the next sequence number
        Assert.Equal(["parts/rounds-000001-same.parquet", "parts/rounds-000002-same.parquet"], dir.AllFiles());
    }

    [Fact]
    public void AFailedFlushThrowsKeepsTheRowsPendingAndWritesNothing()
    {
        using var dir = new TempDir();
        // A file where parts/ should be: creating the folder fails even for root (a read-only folder would not).
        File.WriteAllText(dir.File("parts"), "not a folder");
        var writer = new ResultPartWriter(dir.Path, "node-1");
        writer.Add(Rows.Round("d", "m", "x", 0, 0));
        writer.Add(Rows.Label("d", "m", "x", 0, 0, 0, 5));

        Assert.ThrowsAny<IOException>(() => writer.Flush());
        Assert.Equal((1, 1), (writer.PendingRounds, writer.PendingLabels));
        Assert.Equal(["parts"], dir.AllFiles());
        Assert.Equal("not a folder", File.ReadAllText(dir.File("parts")));

        File.Delete(dir.File("parts"));
        Assert.Equal(2, writer.Flush().Count); // the retry writes them
        Assert.Equal((0, 0), (writer.PendingRounds, writer.PendingLabels));
    }

    [Fact]
    public void AFailedFlushOfAReadOnlyPartsFolderThrows()
    {
        using var dir = new TempDir();
        if (OperatingSystem.IsWindows()) return;
        string parts = dir.File("parts");
        Directory.CreateDirectory(parts);
        File.SetUnixFileMode(parts, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute); // 0555
        try
        {
            var writer = new ResultPartWriter(dir.Path, "node-1");
            writer.Add(Rows.Round("d", "m", "x", 0, 0));
            try
            {
                writer.Flush();
            }
            catch (UnauthorizedAccessException)
            {
                Assert.Equal(1, writer.PendingRounds);
                Assert.Empty(dir.AllFiles());
                return;
            }
            // Root ignores the mode bits: the write succeeded, which is correct too; nothing to assert about failure.
            Assert.Equal(0, writer.PendingRounds);
        }
        finally
        {
            File.SetUnixFileMode(parts, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a\n")]
    [InlineData("ünï")]
    public void RejectsUnsafeWriterIds(string id)
    {
        using var dir = new TempDir();
        Assert.False(ResultPartWriter.IsValidWriterId(id));
        Assert.Throws<ArgumentException>(() => new ResultPartWriter(dir.Path, id));
    }

    [Fact]
    public void NewWriterIdIsValidAndFresh()
    {
        string a = ResultPartWriter.NewWriterId(), b = ResultPartWriter.NewWriterId();
        Assert.True(ResultPartWriter.IsValidWriterId(a));
        Assert.NotEqual(a, b);
        Assert.True(ResultPartWriter.IsValidWriterId("node-1.example_host"));
    }
}
