using System.Globalization;

namespace ActiveLab.Results;

/// <summary>
/// Sets part files of a sweep aside before a resume rewrites every row, and deletes them once a compaction of the new
/// parts has succeeded.
/// </summary>
/// <remarks>
/// <para>
/// On every resume the coordinator re-sends all persisted rounds from the journal, and they are written again as new
/// parts. Old parts are then redundant, and a corrupt one (a truncated file after a crash of the disk, not of the
/// process: parts are written atomically) would make every later compaction fail. <see cref="SetAside(string)"/> at
/// the start of a run moves them into <c>parts/superseded-&lt;UTC time&gt;/</c>, which the compactor ignores;
/// <see cref="DeleteSuperseded"/> removes those folders after a successful compaction. Until then they stay available
/// for inspection.
/// </para>
/// <para>
/// Moves are renames within <c>parts/</c> (same file system, atomic per file). A crash in the middle leaves some parts
/// in place; the next <see cref="SetAside(string)"/> moves those. Not to be called while a writer of the same sweep is
/// flushing.
/// </para>
/// </remarks>
public static class ResultParts
{
    /// <summary>Name prefix of the folders that <see cref="SetAside(string)"/> creates inside <c>parts/</c>.</summary>
    public const string SupersededPrefix = "superseded-";

    private const string TimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>
    /// Moves every part file of <c>&lt;sweepDir&gt;/parts/</c> (<c>rounds-*.parquet</c>, <c>labels-*.parquet</c>) and
    /// every leftover part temp file (<c>.rounds-*.tmp</c>, <c>.labels-*.tmp</c>) into a new folder
    /// <c>parts/superseded-&lt;yyyyMMddTHHmmssfffZ&gt;/</c> (the current UTC time); other files and sub-folders stay.
    /// Creates no folder when there is nothing to move.
    /// </summary>
    /// <returns>How many files were moved.</returns>
    /// <exception cref="IOException">A file could not be moved (files moved before it stay moved).</exception>
    public static int SetAside(string sweepDir) => SetAside(sweepDir, DateTime.UtcNow);

    /// <summary><see cref="SetAside(string)"/> with the time that names the folder given (for tests).</summary>
    public static int SetAside(string sweepDir, DateTime utcNow)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepDir);
        string partsDir = Path.GetFullPath(SweepLayout.PartsDirectory(sweepDir));
        if (!Directory.Exists(partsDir)) return 0;
        string[] files =
        [
            .. Directory.EnumerateFiles(partsDir, "*", SearchOption.TopDirectoryOnly)
                .Where(f => IsPartOrPartTempFileName(Path.GetFileName(f)))
                .Order(StringComparer.Ordinal),
        ];
        if (files.Length == 0) return 0;

        string target = CreateFreshFolder(partsDir, SupersededPrefix + utcNow.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture));
        foreach (string file in files)
            File.Move(file, Path.Combine(target, Path.GetFileName(file)), overwrite: false);
        DirectorySync.TryFsync(target);
        DirectorySync.TryFsync(partsDir);
        return files.Length;
    }

    /// <summary>
    /// Deletes every <c>parts/superseded-*/</c> folder of <paramref name="sweepDir"/> with its content. Call it only
    /// after a compaction of the current parts has succeeded.
    /// </summary>
    /// <returns>How many folders were deleted.</returns>
    public static int DeleteSuperseded(string sweepDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepDir);
        string partsDir = SweepLayout.PartsDirectory(sweepDir);
        if (!Directory.Exists(partsDir)) return 0;
        string[] folders = [.. Directory.EnumerateDirectories(partsDir, SupersededPrefix + "*", SearchOption.TopDirectoryOnly)];
        foreach (string folder in folders)
            Directory.Delete(folder, recursive: true);
        if (folders.Length > 0) DirectorySync.TryFsync(partsDir);
        return folders.Length;
    }

    /// <summary>True for names of part files (<c>rounds-*.parquet</c>, <c>labels-*.parquet</c>).</summary>
    public static bool IsPartFileName(string fileName) =>
        !AtomicFileWriter.IsTempFileName(fileName)
        && fileName.EndsWith(ResultPartWriter.PartExtension, StringComparison.Ordinal)
        && (fileName.StartsWith(ResultPartWriter.RoundsPrefix, StringComparison.Ordinal)
            || fileName.StartsWith(ResultPartWriter.LabelsPrefix, StringComparison.Ordinal));

    private static bool IsPartOrPartTempFileName(string fileName) =>
        IsPartFileName(fileName)
        || (AtomicFileWriter.IsTempFileName(fileName)
            && (fileName.StartsWith("." + ResultPartWriter.RoundsPrefix, StringComparison.Ordinal)
                || fileName.StartsWith("." + ResultPartWriter.LabelsPrefix, StringComparison.Ordinal)));

    /// <summary>Creates <c>&lt;parent&gt;/&lt;name&gt;</c>, or <c>&lt;name&gt;-2</c>, <c>-3</c>, … if taken.</summary>
    private static string CreateFreshFolder(string parent, string name)
    {
        for (int i = 1; ; i++)
        {
            string path = Path.Combine(parent, i == 1 ? name : $"{name}-{i.ToString(CultureInfo.InvariantCulture)}");
            if (Directory.Exists(path) || File.Exists(path)) continue;
            Directory.CreateDirectory(path);
            return path;
        }
    }
}
