using ActiveLab.Results;

namespace ActiveLab.Reports;

/// <summary>
/// The round rows of one sweep as the report reads them: the compacted <c>rounds.parquet</c> when the sweep
/// finished, else the part files written so far (de-duplicated as compaction would), plus the manifest (when present)
/// to tell which cells are missing rounds.
/// </summary>
/// <param name="SweepDir">The sweep's folder.</param>
/// <param name="SweepName">Name from the manifest, else the folder name.</param>
/// <param name="Rows">Every round row, sorted as in <c>rounds.parquet</c>.</param>
/// <param name="Manifest">The sweep's manifest, null when the folder has none.</param>
/// <param name="Source">Where the rows came from, e.g. <c>rounds.parquet</c> or <c>12 part files</c>.</param>
/// <param name="Gaps">Manifest cells with fewer rounds than expected (empty when complete or without a manifest).</param>
public sealed record SweepResults(
    string SweepDir,
    string SweepName,
    IReadOnlyList<RoundRow> Rows,
    SweepManifest? Manifest,
    string Source,
    IReadOnlyList<CellGap> Gaps)
{
    /// <summary>True when every cell of the manifest has all its rounds.</summary>
    public bool IsComplete => Gaps.Count == 0;

    /// <summary>
    /// Reads the sweep in <paramref name="sweepDir"/>. <paramref name="expectedRounds"/> gives the rounds each dataset
    /// should have (from the sweep's config); when it returns null, the most rounds any cell of that dataset has is used.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ResultFileException">A results file cannot be read.</exception>
    public static SweepResults Read(string sweepDir, Func<string, int?>? expectedRounds = null)
    {
        if (!Directory.Exists(sweepDir))
            throw new DirectoryNotFoundException($"{sweepDir}: no such results folder");
        string manifestPath = SweepLayout.ManifestPath(sweepDir);
        SweepManifest? manifest = File.Exists(manifestPath) ? SweepManifestFile.Read(manifestPath) : null;

        IReadOnlyList<RoundRow> rows;
        string source;
        string roundsPath = SweepLayout.RoundsPath(sweepDir);
        if (File.Exists(roundsPath))
        {
            rows = ParquetTables.ReadRounds(roundsPath);
            source = SweepLayout.RoundsFileName;
        }
        else
        {
            (rows, int parts) = ReadParts(sweepDir);
            source = $"{parts} part file{(parts == 1 ? "" : "s")} (the sweep has not been compacted yet)";
        }

        string name = manifest?.SweepName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sweepDir)));
        return new SweepResults(sweepDir, name, rows, manifest, source, FindGaps(rows, manifest, expectedRounds));
    }

    private static (IReadOnlyList<RoundRow> Rows, int Parts) ReadParts(string sweepDir)
    {
        string partsDir = SweepLayout.PartsDirectory(sweepDir);
        if (!Directory.Exists(partsDir)) return ([], 0);
        var rows = new List<RoundRow>();
        int parts = 0;
        foreach (string file in Directory.EnumerateFiles(partsDir, ResultPartWriter.RoundsPrefix + "*" + ResultPartWriter.PartExtension).Order(StringComparer.Ordinal))
        {
            if (AtomicFileWriter.IsTempFileName(Path.GetFileName(file))) continue;
            rows.AddRange(ParquetTables.ReadRounds(file));
            parts++;
        }
        return (ResultCompactor.Normalize(rows), parts);
    }

    private static IReadOnlyList<CellGap> FindGaps(IReadOnlyList<RoundRow> rows, SweepManifest? manifest, Func<string, int?>? expectedRounds)
    {
        if (manifest is null) return [];
        var present = rows.GroupBy(r => (r.Dataset, r.Method, r.Model, r.Repeat)).ToDictionary(g => g.Key, g => g.Count());
        var mostPerDataset = rows.GroupBy(r => r.Dataset).ToDictionary(g => g.Key, g => g.Max(r => r.Round) + 1);
        var gaps = new List<CellGap>();
        foreach (SweepManifestCell c in manifest.Cells)
        {
            int expected = expectedRounds?.Invoke(c.Dataset) ?? mostPerDataset.GetValueOrDefault(c.Dataset);
            int have = present.GetValueOrDefault((c.Dataset, c.Method, c.Model, c.Repeat));
            if (have < expected || have == 0)
                gaps.Add(new CellGap(c.Dataset, c.Method, c.Model, c.Repeat, have, expected));
        }
        return gaps;
    }
}
