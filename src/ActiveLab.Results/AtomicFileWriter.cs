namespace ActiveLab.Results;

/// <summary>
/// Writes a file so that readers only ever see the old complete file or the new complete file, never a half-written one:
/// the content goes to <c>&lt;dir&gt;/.&lt;name&gt;.&lt;guid&gt;.tmp</c>, is flushed and fsynced, then renamed over the
/// destination (an atomic rename on the same file system), and the directory is fsynced (best effort, Linux/macOS).
/// On any failure (including an exception thrown by the content callback) the temp file is deleted and the destination
/// is left as it was.
/// </summary>
/// <remarks>
/// Temp files start with '.' and end with <see cref="TempSuffix"/>, so readers that list a folder (the compactor) can
/// skip strays left by a process killed between create and rename. The destination's folder is created if missing.
/// </remarks>
public static class AtomicFileWriter
{
    /// <summary>Suffix of every temp file this class creates.</summary>
    public const string TempSuffix = ".tmp";

    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Atomically writes <paramref name="path"/> with the bytes <paramref name="write"/> puts into the stream it is
    /// given (a seekable, writable file stream; the callback must not dispose it).
    /// </summary>
    /// <param name="path">Destination file.</param>
    /// <param name="write">Writes the whole content.</param>
    /// <param name="overwrite">
    /// True (default): replace an existing destination. False: fail with <see cref="IOException"/> if it exists
    /// (used for immutable part files); the existing file is not touched.
    /// </param>
    /// <param name="cancellationToken">Cancels before the rename; the destination is then untouched.</param>
    public static async Task WriteAsync(
        string path,
        Func<Stream, CancellationToken, Task> write,
        bool overwrite = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(fullPath)!;
        string temp = await WriteTempAsync(fullPath, write, cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            Publish(temp, fullPath, overwrite);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        DirectorySync.TryFsync(dir);
    }

    /// <summary>
    /// First half of <see cref="WriteAsync"/>: writes the content to a fresh temp file next to
    /// <paramref name="fullPath"/> (see <see cref="TempPathFor"/>), flushes and fsyncs it, and returns the temp path
    /// without renaming it. On failure the temp file is deleted and the exception propagates. Used by the compactor's
    /// two-file commit, which renames the temps itself.
    /// </summary>
    internal static async Task<string> WriteTempAsync(
        string fullPath, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        string dir = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(dir);
        string temp = TempPathFor(fullPath);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        return temp;
    }

    /// <summary>Synchronous <see cref="WriteAsync"/>.</summary>
    public static void Write(string path, Action<Stream> write, bool overwrite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(dir);
        string temp = TempPathFor(fullPath);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            Publish(temp, fullPath, overwrite);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        DirectorySync.TryFsync(dir);
    }

    /// <summary>Atomically writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text, bool overwrite = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        Write(path, s => s.Write(bytes), overwrite);
    }

    /// <summary>True for names this class uses for temp files (<c>.*.tmp</c>).</summary>
    public static bool IsTempFileName(string fileName) =>
        fileName.StartsWith('.') && fileName.EndsWith(TempSuffix, StringComparison.Ordinal);

    /// <summary>A fresh temp path next to <paramref name="fullPath"/>: <c>&lt;dir&gt;/.&lt;name&gt;.&lt;guid&gt;.tmp</c>.</summary>
    internal static string TempPathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TempSuffix}");

    private static void Publish(string temp, string fullPath, bool overwrite)
    {
        if (!overwrite && File.Exists(fullPath))
            throw new IOException($"{fullPath}: already exists and must not be overwritten");
        // Without overwrite, .NET on Unix links then unlinks (no clobber even in a race); with it, rename(2).
        File.Move(temp, fullPath, overwrite);
    }

    internal static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // Best effort: a stray .tmp is ignored by readers.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
