using ActiveLab.Results;

namespace ActiveLab.Dashboard;

/// <summary>
/// The rounds a sweep has written so far: the part files of <c>parts/</c> while it runs (each read once: parts are
/// written atomically and never change), <c>rounds.parquet</c> once it is finished. A part that vanished (set aside at a
/// resume) is forgotten; one that cannot be read is skipped this time and reported. Reads files only, so it never
/// waits on the sweep's actors. Not thread-safe: one <see cref="SnapshotFeed"/> loop calls it.
/// </summary>
public sealed class LiveRounds(string sweepDir)
{
    private readonly Dictionary<string, IReadOnlyList<RoundRow>> _parts = new(StringComparer.Ordinal);
    private (DateTime Written, long Length, IReadOnlyList<RoundRow> Rows)? _compacted;

    /// <summary>The rows, one per (dataset, method, model, repeat, round), and the first read problem (null when none).</summary>
    public async Task<(IReadOnlyList<RoundRow> Rows, string? Problem)> ReadAsync(bool finished, CancellationToken cancellationToken = default)
    {
        string compacted = SweepLayout.RoundsPath(sweepDir);
        if (finished && File.Exists(compacted))
        {
            try
            {
                var info = new FileInfo(compacted);
                if (_compacted is not { } c || c.Written != info.LastWriteTimeUtc || c.Length != info.Length)
                    _compacted = (info.LastWriteTimeUtc, info.Length, await ParquetTables.ReadRoundsAsync(compacted, cancellationToken));
                return (_compacted.Value.Rows, null);
            }
            catch (Exception e) when (e is IOException or ResultFileException or UnauthorizedAccessException)
            {
                return (Latest(), $"{compacted}: {e.Message}");
            }
        }
        string? problem = null;
        string partsDir = SweepLayout.PartsDirectory(sweepDir);
        var present = Directory.Exists(partsDir)
            ? Directory.EnumerateFiles(partsDir, ResultPartWriter.RoundsPrefix + "*", SearchOption.TopDirectoryOnly)
                .Where(f => ResultParts.IsPartFileName(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (string gone in _parts.Keys.Except(present).ToList()) _parts.Remove(gone);
        foreach (string file in present.Where(f => !_parts.ContainsKey(f)))
        {
            try
            {
                _parts[file] = await ParquetTables.ReadRoundsAsync(file, cancellationToken);
            }
            catch (Exception e) when (e is IOException or ResultFileException or UnauthorizedAccessException)
            {
                problem ??= $"{file}: {e.Message}"; // moved away or unreadable: tried again next time
            }
        }
        return (Latest(), problem);
    }

    /// <summary>The union of the parts read, the later part winning for a repeated key (a round re-sent after recovery).</summary>
    private IReadOnlyList<RoundRow> Latest()
    {
        var byKey = new Dictionary<(string, string, string, int, int), RoundRow>();
        foreach (var (_, rows) in _parts.OrderBy(p => p.Key, StringComparer.Ordinal))
            foreach (var r in rows)
                byKey[(r.Dataset, r.Method, r.Model, r.Repeat, r.Round)] = r;
        return byKey.Values.ToList();
    }
}
