namespace ActiveLab.Results.Tests;

/// <summary><see cref="AtomicFileWriter"/> never leaves a half-written destination or a temp file behind.</summary>
public class AtomicFileWriterTests
{
    [Fact]
    public void WritesAndReplaces()
    {
        using var dir = new TempDir();
        string path = dir.File("a.txt");
        AtomicFileWriter.WriteAllText(path, "first");
        AtomicFileWriter.WriteAllText(path, "second ü");
        Assert.Equal("second ü", File.ReadAllText(path));
        Assert.Equal([.. "second ü"u8.ToArray()], File.ReadAllBytes(path)); // no byte-order mark
        Assert.Equal(["a.txt"], dir.AllFiles());
    }

    [Fact]
    public void ThrowingMidwayKeepsTheOldFileAndLeavesNoTemp()
    {
        using var dir = new TempDir();
        string path = dir.File("results.bin");
        File.WriteAllText(path, "old complete content");
        string? tempSeen = null;
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFileWriter.Write(path, stream =>
        {
            stream.Write(new byte[100_000]);
            stream.Flush();
            tempSeen = ((FileStream)stream).Name;
            throw new InvalidOperationException("simulated crash while writing");
        }));
        Assert.Equal("simulated crash while writing", e.Message);
        Assert.Equal("old complete content", File.ReadAllText(path));
        Assert.Equal(["results.bin"], dir.AllFiles());
        // The temp file was next to the destination and named .<name>.<guid>.tmp.
        Assert.NotNull(tempSeen);
        Assert.Equal(dir.Path, Path.GetDirectoryName(tempSeen));
        Assert.Matches(@"^\.results\.bin\.[0-9a-f]{32}\.tmp$", Path.GetFileName(tempSeen));
        Assert.True(AtomicFileWriter.IsTempFileName(Path.GetFileName(tempSeen!)));
    }

    [Fact]
    public async Task ThrowingMidwayAsyncKeepsTheOldFileAndLeavesNoTemp()
    {
        using var dir = new TempDir();
        string path = dir.File("rounds.parquet");
        await ParquetTables.WriteRoundsAsync(path, [Rows.Round("d", "m", "x", 0, 0)]);
        byte[] before = await File.ReadAllBytesAsync(path);
        await Assert.ThrowsAsync<IOException>(() => AtomicFileWriter.WriteAsync(path, async (stream, ct) =>
        {
            await ParquetTables.WriteRoundsAsync(stream, [Rows.Round("d", "m", "x", 0, 1)], ct);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Equal(["rounds.parquet"], dir.AllFiles());
    }

    [Fact]
    public async Task ThrowingOnFirstWriteLeavesNoFileAtAll()
    {
        using var dir = new TempDir();
        string path = dir.File("sub/new.txt");
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AtomicFileWriter.WriteAsync(path, (_, _) => throw new InvalidOperationException("boom")));
        Assert.False(File.Exists(path));
        Assert.Empty(dir.AllFiles());
    }

    [Fact]
    public async Task CancellationBeforeRenameKeepsTheOldFile()
    {
        using var dir = new TempDir();
        string path = dir.File("a.txt");
        File.WriteAllText(path, "old");
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFileWriter.WriteAsync(path, async (s, _) =>
        {
            await s.WriteAsync("new"u8.ToArray());
            cts.Cancel();
        }, cancellationToken: cts.Token));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["a.txt"], dir.AllFiles());
    }

    [Fact]
    public void WithoutOverwriteAnExistingFileIsAnErrorAndUntouched()
    {
        using var dir = new TempDir();
        string path = dir.File("part.parquet");
        AtomicFileWriter.WriteAllText(path, "first", overwrite: false);
        var e = Assert.Throws<IOException>(() => AtomicFileWriter.WriteAllText(path, "second", overwrite: false));
        Assert.Contains(path, e.Message);
        Assert.Equal("first", File.ReadAllText(path));
        Assert.Equal(["part.parquet"], dir.AllFiles());
    }

    [Fact]
    public void CreatesTheFolder()
    {
        using var dir = new TempDir();
        string path = dir.File(Path.Combine("x", "y", "z.txt"));
        AtomicFileWriter.WriteAllText(path, "z");
        Assert.Equal("z", File.ReadAllText(path));
    }

    [Fact]
    public void DirectoryFsyncWorksOnThisPlatform()
    {
        using var dir = new TempDir();
        bool synced = DirectorySync.TryFsync(dir.Path);
        if (OperatingSystem.IsLinux()) Assert.True(synced);
        Assert.False(DirectorySync.TryFsync(dir.File("missing-folder")));
    }
}
