namespace ActiveLab.Cli.Io;

/// <summary>
/// Writes a file all-or-nothing: the content goes to a hidden temporary file in the destination's directory, is
/// flushed to disk (fsync), then renamed over the destination (an atomic replace on POSIX file systems). On any
/// failure the temporary file is deleted and the destination is left as it was.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Runs <paramref name="write"/> on a fresh stream and moves the result to <paramref name="destination"/>.
    /// <paramref name="write"/> must not close the stream.
    /// </summary>
    public static async Task WriteAsync(string destination, Func<Stream, CancellationToken, Task> write,
        CancellationToken cancellationToken = default)
    {
        string full = Path.GetFullPath(destination);
        string directory = Path.GetDirectoryName(full) ?? throw new IOException($"{destination} has no directory");
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
                bufferSize: 1 << 16, FileOptions.None);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original failure is what the caller reports.
        }
    }
}
