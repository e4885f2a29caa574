using System.Globalization;

namespace ActiveLab.Results;

/// <summary>
/// Merges result rows into the sweep's final tables <c>rounds.parquet</c> and <c>labels.parquet</c>: de-duplicates by
/// key, sorts deterministically, and replaces both files together (a two-phase commit, see
/// <see cref="RecoverInterruptedCompaction"/>).
/// </summary>
/// <remarks>
/// <para>
/// Keys: rounds (dataset, method, model, repeat, round); labels (dataset, method, model, repeat, round, example_id,
/// rank). Rows with equal keys and equal values are kept once (a resumed sweep may write a round again); equal keys
/// with any other differing column (doubles compared exactly, NaN equal to NaN) raise a
/// <see cref="ResultConflictException"/> naming the key and where both rows came from, and nothing is written.
/// </para>
/// <para>
/// Order: rounds by (dataset, method, model, repeat, round); labels by (dataset, method, model, repeat, round, rank,
/// example_id); strings compared ordinally. The output therefore depends only on the set of rows, not on part order.
/// </para>
/// <para>
/// Compaction never deletes part files: running it again gives the same tables. The two output files are replaced
/// as a pair: both are written to fsynced temp files in the sweep folder, an intent file <c>.compaction-commit.json</c>
/// naming them is written atomically (the commit point), then both are renamed and the intent deleted. Every
/// compaction first calls <see cref="RecoverInterruptedCompaction"/>, which finishes a committed pair or discards an
/// uncommitted one, so once it has run readers see either the old pair or the new pair, never one of each. A failed
/// compaction throws; before the commit point it leaves the old pair and no temp files behind.
/// </para>
/// <para>One compactor per sweep folder at a time.</para>
/// </remarks>
public static class ResultCompactor
{
    private const string DirectSource = "rows handed in";

    /// <summary>Compacts rows handed in directly (e.g. from the coordinator's journal) into <paramref name="sweepDir"/>.</summary>
    /// <exception cref="ResultConflictException">Two rows share a key but differ.</exception>
    public static async Task<CompactionResult> CompactAsync(
        IEnumerable<RoundRow> rounds, IEnumerable<LabelRow> labels, string sweepDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentException.ThrowIfNullOrEmpty(sweepDir);
        RecoverInterruptedCompaction(sweepDir);
        var roundSet = new Deduplicator<RoundKey, RoundRow>("rounds", RoundKeyOf, FormatRoundKey);
        var labelSet = new Deduplicator<LabelKey, LabelRow>("labels", LabelKeyOf, FormatLabelKey);
        foreach (RoundRow r in rounds) roundSet.Add(r ?? throw new ArgumentException("null rounds row", nameof(rounds)), DirectSource);
        foreach (LabelRow l in labels) labelSet.Add(l ?? throw new ArgumentException("null labels row", nameof(labels)), DirectSource);
        return await WriteAsync(roundSet, labelSet, sweepDir, partsRead: 0, skipped: [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Synchronous <see cref="CompactAsync"/>.</summary>
    public static CompactionResult Compact(IEnumerable<RoundRow> rounds, IEnumerable<LabelRow> labels, string sweepDir) =>
        CompactAsync(rounds, labels, sweepDir).GetAwaiter().GetResult();

    /// <summary>
    /// Compacts every part directly in <c>&lt;sweepDir&gt;/parts/</c> (<c>rounds-*.parquet</c>, <c>labels-*.parquet</c>;
    /// temp files <c>.*.tmp</c>, other names and sub-folders such as <c>superseded-*/</c> of
    /// <see cref="ResultParts.SetAside(string)"/> are ignored). A missing or empty <c>parts/</c> gives empty tables.
    /// </summary>
    /// <exception cref="ResultFileException">A part cannot be read (unless <see cref="ResultCompactionOptions.SkipUnreadableParts"/>).</exception>
    /// <exception cref="ResultConflictException">Two rows share a key but differ.</exception>
    public static async Task<CompactionResult> CompactPartsAsync(
        string sweepDir, ResultCompactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepDir);
        options ??= new ResultCompactionOptions();
        RecoverInterruptedCompaction(sweepDir);
        var roundSet = new Deduplicator<RoundKey, RoundRow>("rounds", RoundKeyOf, FormatRoundKey);
        var labelSet = new Deduplicator<LabelKey, LabelRow>("labels", LabelKeyOf, FormatLabelKey);
        var skipped = new List<string>();
        int partsRead = 0;
        string partsDir = SweepLayout.PartsDirectory(sweepDir);
        // Top level only: set-aside parts in sub-folders are not part of the sweep any more.
        string[] files = Directory.Exists(partsDir)
            ? [.. Directory.EnumerateFiles(partsDir, "*", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)]
            : [];
        foreach (string file in files)
        {
            string name = Path.GetFileName(file);
            if (!ResultParts.IsPartFileName(name)) continue;
            bool isRounds = name.StartsWith(ResultPartWriter.RoundsPrefix, StringComparison.Ordinal);
            try
            {
                if (isRounds)
                    foreach (RoundRow r in await ParquetTables.ReadRoundsAsync(file, cancellationToken).ConfigureAwait(false))
                        roundSet.Add(r, file);
                else
                    foreach (LabelRow l in await ParquetTables.ReadLabelsAsync(file, cancellationToken).ConfigureAwait(false))
                        labelSet.Add(l, file);
                partsRead++;
            }
            catch (ResultFileException e) when (options.SkipUnreadableParts)
            {
                // A part is read whole before its rows are added, so a skipped part contributes no rows.
                skipped.Add(e.Message);
                options.Warning?.Invoke($"skipping unreadable result part {e.Message}");
            }
        }
        return await WriteAsync(roundSet, labelSet, sweepDir, partsRead, skipped, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Synchronous <see cref="CompactPartsAsync"/>.</summary>
    public static CompactionResult CompactParts(string sweepDir, ResultCompactionOptions? options = null) =>
        CompactPartsAsync(sweepDir, options).GetAwaiter().GetResult();

    /// <summary>
    /// Brings <paramref name="sweepDir"/> back to a consistent pair <c>rounds.parquet</c> + <c>labels.parquet</c> after a
    /// compaction was interrupted (crash, kill, power cut): if an intent file <c>.compaction-commit.json</c> exists, the
    /// committed temp files still present are renamed over their tables and the intent is deleted (roll forward); then
    /// every compaction temp file without an intent (<c>.rounds.parquet.*.tmp</c>, <c>.labels.parquet.*.tmp</c>,
    /// <c>.compaction-commit.json.*.tmp</c>) is deleted, leaving the old pair as it was. Does nothing when there is
    /// nothing to recover or the folder does not exist. Compaction calls this first; readers that must not see a mixed
    /// pair after a crash can call it before reading (it writes, so not while a compaction runs).
    /// </summary>
    /// <exception cref="ResultFileException">
    /// The intent is unreadable, or names a temp that is gone while its table is not the committed one.
    /// </exception>
    public static CompactionRecovery RecoverInterruptedCompaction(string sweepDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepDir);
        return CompactionCommit.Recover(sweepDir);
    }

    /// <summary>De-duplicates and sorts rounds rows as compaction does, without writing anything.</summary>
    /// <exception cref="ResultConflictException">Two rows share a key but differ.</exception>
    public static IReadOnlyList<RoundRow> Normalize(IEnumerable<RoundRow> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var set = new Deduplicator<RoundKey, RoundRow>("rounds", RoundKeyOf, FormatRoundKey);
        foreach (RoundRow r in rounds) set.Add(r, DirectSource);
        return set.Sorted();
    }

    /// <summary>De-duplicates and sorts labels rows as compaction does, without writing anything.</summary>
    /// <exception cref="ResultConflictException">Two rows share a key but differ.</exception>
    public static IReadOnlyList<LabelRow> Normalize(IEnumerable<LabelRow> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var set = new Deduplicator<LabelKey, LabelRow>("labels", LabelKeyOf, FormatLabelKey);
        foreach (LabelRow l in labels) set.Add(l, DirectSource);
        return set.Sorted();
    }

    private static async Task<CompactionResult> WriteAsync(
        Deduplicator<RoundKey, RoundRow> rounds,
        Deduplicator<LabelKey, LabelRow> labels,
        string sweepDir,
        int partsRead,
        IReadOnlyList<string> skipped,
        CancellationToken ct)
    {
        IReadOnlyList<RoundRow> roundRows = rounds.Sorted();
        IReadOnlyList<LabelRow> labelRows = labels.Sorted();
        string labelsPath = Path.GetFullPath(SweepLayout.LabelsPath(sweepDir));
        string roundsPath = Path.GetFullPath(SweepLayout.RoundsPath(sweepDir));
        await CompactionCommit.CommitAsync(
            sweepDir,
            (s, c) => ParquetTables.WriteRoundsAsync(s, roundRows, c),
            (s, c) => ParquetTables.WriteLabelsAsync(s, labelRows, c),
            ct).ConfigureAwait(false);
        return new CompactionResult(roundsPath, labelsPath, roundRows.Count, labelRows.Count,
            rounds.Duplicates, labels.Duplicates, partsRead, skipped);
    }

    private readonly record struct RoundKey(string Dataset, string Method, string Model, int Repeat, int Round)
        : IComparable<RoundKey>
    {
        public int CompareTo(RoundKey o)
        {
            int c = string.CompareOrdinal(Dataset, o.Dataset);
            if (c == 0) c = string.CompareOrdinal(Method, o.Method);
            if (c == 0) c = string.CompareOrdinal(Model, o.Model);
            if (c == 0) c = Repeat.CompareTo(o.Repeat);
            if (c == 0) c = Round.CompareTo(o.Round);
            return c;
        }
    }

    private readonly record struct LabelKey(RoundKey Round, int Rank, int ExampleId) : IComparable<LabelKey>
    {
        public int CompareTo(LabelKey o)
        {
            int c = Round.CompareTo(o.Round);
            if (c == 0) c = Rank.CompareTo(o.Rank);
            if (c == 0) c = ExampleId.CompareTo(o.ExampleId);
            return c;
        }
    }

    private static RoundKey RoundKeyOf(RoundRow r) => new(r.Dataset, r.Method, r.Model, r.Repeat, r.Round);

    private static LabelKey LabelKeyOf(LabelRow l) =>
        new(new RoundKey(l.Dataset, l.Method, l.Model, l.Repeat, l.Round), l.Rank, l.ExampleId);

    private static string FormatRoundKey(RoundKey k) => string.Create(CultureInfo.InvariantCulture,
        $"dataset={k.Dataset}, method={k.Method}, model={k.Model}, repeat={k.Repeat}, round={k.Round}");

    private static string FormatLabelKey(LabelKey k) => string.Create(CultureInfo.InvariantCulture,
        $"{FormatRoundKey(k.Round)}, example_id={k.ExampleId}, rank={k.Rank}");

    /// <summary>Keeps the first row per key, counts identical repeats, rejects conflicting ones.</summary>
    private sealed class Deduplicator<TKey, TRow>(string table, Func<TRow, TKey> keyOf, Func<TKey, string> formatKey)
        where TKey : struct, IComparable<TKey>
        where TRow : class
    {
        private readonly Dictionary<TKey, (TRow Row, string Source)> _rows = [];

        public int Duplicates { get; private set; }

        public void Add(TRow row, string source)
        {
            TKey key = keyOf(row);
            if (_rows.TryGetValue(key, out var first))
            {
                // Record equality: ordinal strings, double.Equals (NaN equals NaN).
                if (!EqualityComparer<TRow>.Default.Equals(first.Row, row))
                {
                    string k = formatKey(key);
                    throw new ResultConflictException(table, k,
                        $"{table} key ({k}) appears twice with different values: {first.Row} (from {first.Source}) vs {row} (from {source})");
                }
                Duplicates++;
                return;
            }
            _rows.Add(key, (row, source));
        }

        public IReadOnlyList<TRow> Sorted()
        {
            var keys = _rows.Keys.ToArray();
            Array.Sort(keys);
            var rows = new TRow[keys.Length];
            for (int i = 0; i < keys.Length; i++) rows[i] = _rows[keys[i]].Row;
            return rows;
        }
    }
}
