using System.Globalization;
using System.Text.RegularExpressions;

namespace ActiveLab.Results;

/// <summary>
/// Buffers result rows of a running sweep and, on each <see cref="Flush"/>, writes them as immutable Parquet part files
/// <c>parts/rounds-&lt;seq:D6&gt;-&lt;writerId&gt;.parquet</c> and <c>parts/labels-&lt;seq:D6&gt;-&lt;writerId&gt;.parquet</c>
/// (only the tables that have pending rows), each atomically and never overwriting an existing file.
/// <see cref="ResultCompactor.CompactParts"/> later merges all parts into <c>rounds.parquet</c> / <c>labels.parquet</c>.
/// </summary>
/// <remarks>
/// <para>
/// One sequence number per flush, shared by its rounds and labels parts, increasing per writer. On construction the
/// writer scans <c>parts/</c> for its own earlier parts and continues after the highest sequence number, so a writer
/// restarted with the same id (a resumed sweep) never collides with its previous parts.
/// </para>
/// <para>
/// The writer id keeps the file names of several writers (nodes) apart: two writers running at the
/// same time must have different ids. An id is 1–100 characters of letters, digits, '_', '.' and '-', not starting
/// with '.'.
/// </para>
/// <para>
/// Not thread-safe: use one instance from one thread or actor at a time. If a flush fails, the rows of the table whose
/// part was not written stay pending (a part that was written is not rewritten), and the next flush uses a new
/// sequence number.
/// </para>
/// </remarks>
public sealed partial class ResultPartWriter
{
    /// <summary>File-name prefix of rounds parts.</summary>
    public const string RoundsPrefix = "rounds-";

    /// <summary>File-name prefix of labels parts.</summary>
    public const string LabelsPrefix = "labels-";

    /// <summary>File-name extension of parts.</summary>
    public const string PartExtension = ".parquet";

    private readonly List<RoundRow> _rounds = [];
    private readonly List<LabelRow> _labels = [];

    /// <param name="sweepDir">The sweep folder <c>results/&lt;sweep&gt;/</c>; <c>parts/</c> is created on the first flush.</param>
    /// <param name="writerId">Unique among concurrent writers of this sweep, e.g. a node name; see remarks.</param>
    public ResultPartWriter(string sweepDir, string writerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepDir);
        if (!IsValidWriterId(writerId))
            throw new ArgumentException(
                $"writer id '{writerId}' must be 1–100 characters of letters, digits, '_', '.', '-', not starting with '.'", nameof(writerId));
        SweepDirectory = sweepDir;
        PartsDirectory = SweepLayout.PartsDirectory(sweepDir);
        WriterId = writerId;
        NextSequence = HighestSequence(PartsDirectory, writerId) + 1;
    }

    /// <summary>The sweep folder given to the constructor.</summary>
    public string SweepDirectory { get; }

    /// <summary><c>&lt;sweep&gt;/parts</c>.</summary>
    public string PartsDirectory { get; }

    /// <summary>This writer's id, the last component of its part file names.</summary>
    public string WriterId { get; }

    /// <summary>Sequence number the next flush that writes something will use (starts at 1 for a new writer).</summary>
    public int NextSequence { get; private set; }

    /// <summary>Rounds rows added since the last successful flush of the rounds table.</summary>
    public int PendingRounds => _rounds.Count;

    /// <summary>Labels rows added since the last successful flush of the labels table.</summary>
    public int PendingLabels => _labels.Count;

    /// <summary>Buffers one rounds row.</summary>
    public void Add(RoundRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _rounds.Add(row);
    }

    /// <summary>Buffers one labels row.</summary>
    public void Add(LabelRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _labels.Add(row);
    }

    /// <summary>Buffers rounds rows.</summary>
    public void AddRange(IEnumerable<RoundRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (RoundRow r in rows) Add(r);
    }

    /// <summary>Buffers labels rows.</summary>
    public void AddRange(IEnumerable<LabelRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (LabelRow r in rows) Add(r);
    }

    /// <summary>
    /// Writes the pending rows as one rounds part and/or one labels part with the next sequence number.
    /// Does nothing (and uses no sequence number) when nothing is pending.
    /// </summary>
    /// <returns>Full paths of the parts written (0, 1 or 2).</returns>
    public async Task<IReadOnlyList<string>> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_rounds.Count == 0 && _labels.Count == 0) return [];
        int seq = NextSequence++;
        var written = new List<string>(2);
        if (_rounds.Count > 0)
        {
            string path = Path.GetFullPath(Path.Combine(PartsDirectory, PartFileName(RoundsPrefix, seq, WriterId)));
            RoundRow[] rows = [.. _rounds];
            await AtomicFileWriter.WriteAsync(path, (s, ct) => ParquetTables.WriteRoundsAsync(s, rows, ct), overwrite: false, cancellationToken)
                .ConfigureAwait(false);
            _rounds.Clear();
            written.Add(path);
        }
        if (_labels.Count > 0)
        {
            string path = Path.GetFullPath(Path.Combine(PartsDirectory, PartFileName(LabelsPrefix, seq, WriterId)));
            LabelRow[] rows = [.. _labels];
            await AtomicFileWriter.WriteAsync(path, (s, ct) => ParquetTables.WriteLabelsAsync(s, rows, ct), overwrite: false, cancellationToken)
                .ConfigureAwait(false);
            _labels.Clear();
            written.Add(path);
        }
        return written;
    }

    /// <summary>Synchronous <see cref="FlushAsync"/>.</summary>
    public IReadOnlyList<string> Flush() => FlushAsync().GetAwaiter().GetResult();

    /// <summary>A fresh random writer id (32 hex digits) for a writer that has no natural name.</summary>
    public static string NewWriterId() => Guid.NewGuid().ToString("N");

    /// <summary>True when <paramref name="writerId"/> is usable in part file names (see remarks of the class).</summary>
    public static bool IsValidWriterId(string? writerId) => writerId is not null && WriterIdPattern().IsMatch(writerId);

    /// <summary>File name of a part: <c>&lt;prefix&gt;&lt;seq:D6&gt;-&lt;writerId&gt;.parquet</c>.</summary>
    internal static string PartFileName(string prefix, int sequence, string writerId) =>
        $"{prefix}{sequence.ToString("D6", CultureInfo.InvariantCulture)}-{writerId}{PartExtension}";

    private static int HighestSequence(string partsDir, string writerId)
    {
        if (!Directory.Exists(partsDir)) return 0;
        var own = new Regex($"^(?:{Regex.Escape(RoundsPrefix)}|{Regex.Escape(LabelsPrefix)})([0-9]+)-{Regex.Escape(writerId)}{Regex.Escape(PartExtension)}\\z",
            RegexOptions.CultureInvariant);
        int max = 0;
        foreach (string file in Directory.EnumerateFiles(partsDir))
        {
            Match m = own.Match(Path.GetFileName(file));
            if (m.Success && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int seq))
                max = Math.Max(max, seq);
        }
        return max;
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex WriterIdPattern();
}
