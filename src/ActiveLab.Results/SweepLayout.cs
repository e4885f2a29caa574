namespace ActiveLab.Results;

/// <summary>
/// File names inside one sweep folder <c>results/&lt;sweep&gt;/</c>:
/// <c>journal.db</c>, <c>parts/</c>, <c>rounds.parquet</c>, <c>labels.parquet</c>, <c>manifest.json</c>.
/// </summary>
public static class SweepLayout
{
    /// <summary>File name of the embedded SQLite journal (single-node mode).</summary>
    public const string JournalFileName = "journal.db";

    /// <summary>Folder of the immutable part files written while the sweep runs.</summary>
    public const string PartsFolderName = "parts";

    /// <summary>File name of the compacted per-round metrics table.</summary>
    public const string RoundsFileName = "rounds.parquet";

    /// <summary>File name of the compacted per-round selections and labels table.</summary>
    public const string LabelsFileName = "labels.parquet";

    /// <summary>File name of the sweep manifest (config, config hash, tool versions, cells).</summary>
    public const string ManifestFileName = "manifest.json";

    /// <summary>Path of <c>journal.db</c> in <paramref name="sweepDir"/>.</summary>
    public static string JournalPath(string sweepDir) => Path.Combine(sweepDir, JournalFileName);

    /// <summary>Path of <c>parts/</c> in <paramref name="sweepDir"/>.</summary>
    public static string PartsDirectory(string sweepDir) => Path.Combine(sweepDir, PartsFolderName);

    /// <summary>Path of <c>rounds.parquet</c> in <paramref name="sweepDir"/>.</summary>
    public static string RoundsPath(string sweepDir) => Path.Combine(sweepDir, RoundsFileName);

    /// <summary>Path of <c>labels.parquet</c> in <paramref name="sweepDir"/>.</summary>
    public static string LabelsPath(string sweepDir) => Path.Combine(sweepDir, LabelsFileName);

    /// <summary>Path of <c>manifest.json</c> in <paramref name="sweepDir"/>.</summary>
    public static string ManifestPath(string sweepDir) => Path.Combine(sweepDir, ManifestFileName);
}
