using Parquet;
using Parquet.Schema;

namespace ActiveLab.Results;

/// <summary>
/// Reads and writes the two result tables, <c>rounds</c> (<see cref="RoundRow"/>) and <c>labels</c>
/// (<see cref="LabelRow"/>), as flat Parquet files with an explicit schema of plain types that pandas, pyarrow and
/// DuckDB read directly: every column is REQUIRED (no nulls), strings are BYTE_ARRAY annotated UTF-8, integers INT32,
/// reals DOUBLE (NaN and ±∞ are stored as is); no nested or list columns. Column names are snake_case, in the order of
/// <see cref="RoundsSchema"/> / <see cref="LabelsSchema"/>. Snappy compression; at most
/// <see cref="MaxRowsPerRowGroup"/> rows per row group.
/// </summary>
/// <remarks>
/// Path overloads write atomically through <see cref="AtomicFileWriter"/>. Readers check the file's schema against the
/// expected one and report any mismatch or corruption as a <see cref="ResultFileException"/> naming the file.
/// The synchronous wrappers block on the async methods; they are meant for code without a synchronization context
/// (console, actors, tests).
/// </remarks>
public static class ParquetTables
{
    /// <summary>Rows per row group when writing; larger tables get several row groups.</summary>
    public const int MaxRowsPerRowGroup = 1 << 20;

    private static class R
    {
        public static readonly DataField<string> Dataset = new("dataset", nullable: false);
        public static readonly DataField<string> Method = new("method", nullable: false);
        public static readonly DataField<string> Model = new("model", nullable: false);
        public static readonly DataField<int> Repeat = new("repeat", nullable: false);
        public static readonly DataField<int> Round = new("round", nullable: false);
        public static readonly DataField<double> ConsensusAccuracy = new("consensus_accuracy", nullable: false);
        public static readonly DataField<double> ModelAccuracy = new("model_accuracy", nullable: false);
        public static readonly DataField<double> DistributionEntropy = new("distribution_entropy", nullable: false);
        public static readonly DataField<int> NumNewExamples = new("num_new_examples", nullable: false);
        public static readonly DataField<int> LabelsCollected = new("labels_collected", nullable: false);
        public static readonly DataField<double> TrainSeconds = new("train_seconds", nullable: false);
        public static readonly DataField<string> Node = new("node", nullable: false);
    }

    private static class L
    {
        public static readonly DataField<string> Dataset = new("dataset", nullable: false);
        public static readonly DataField<string> Method = new("method", nullable: false);
        public static readonly DataField<string> Model = new("model", nullable: false);
        public static readonly DataField<int> Repeat = new("repeat", nullable: false);
        public static readonly DataField<int> Round = new("round", nullable: false);
        public static readonly DataField<int> ExampleId = new("example_id", nullable: false);
        public static readonly DataField<string> Selection = new("selection", nullable: false);
        public static readonly DataField<int> Rank = new("rank", nullable: false);
        public static readonly DataField<int> Label = new("label", nullable: false);
    }

    /// <summary>
    /// Schema of <c>rounds.parquet</c> and <c>parts/rounds-*.parquet</c>: dataset, method, model (string), repeat, round
    /// (int32), consensus_accuracy, model_accuracy, distribution_entropy (double), num_new_examples, labels_collected
    /// (int32), train_seconds (double), node (string).
    /// </summary>
    public static ParquetSchema RoundsSchema { get; } = new(
        R.Dataset, R.Method, R.Model, R.Repeat, R.Round, R.ConsensusAccuracy, R.ModelAccuracy, R.DistributionEntropy,
        R.NumNewExamples, R.LabelsCollected, R.TrainSeconds, R.Node);

    /// <summary>
    /// Schema of <c>labels.parquet</c> and <c>parts/labels-*.parquet</c>: dataset, method, model (string), repeat, round,
    /// example_id (int32), selection (string), rank, label (int32).
    /// </summary>
    public static ParquetSchema LabelsSchema { get; } = new(
        L.Dataset, L.Method, L.Model, L.Repeat, L.Round, L.ExampleId, L.Selection, L.Rank, L.Label);

    // ---- rounds ------------------------------------------------------------------------------------------------

    /// <summary>Writes <paramref name="rows"/> (in the given order) as a rounds table to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">A row has a null string.</exception>
    public static async Task WriteRoundsAsync(Stream output, IEnumerable<RoundRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        RoundRow[] all = Materialize(rows);
        for (int i = 0; i < all.Length; i++)
        {
            RoundRow r = all[i];
            RequireText(r.Dataset, "dataset", i);
            RequireText(r.Method, "method", i);
            RequireText(r.Model, "model", i);
            RequireText(r.Node, "node", i);
        }
        var ct = cancellationToken;
        await using var writer = await ParquetWriter.CreateAsync(RoundsSchema, output, NewOptions(), append: false, ct).ConfigureAwait(false);
        foreach (RoundRow[] g in all.Chunk(MaxRowsPerRowGroup))
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync(R.Dataset, Column(g, r => r.Dataset)).ConfigureAwait(false);
            await rg.WriteAsync(R.Method, Column(g, r => r.Method)).ConfigureAwait(false);
            await rg.WriteAsync(R.Model, Column(g, r => r.Model)).ConfigureAwait(false);
            await rg.WriteAsync<int>(R.Repeat, Column(g, r => r.Repeat), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<int>(R.Round, Column(g, r => r.Round), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<double>(R.ConsensusAccuracy, Column(g, r => r.ConsensusAccuracy), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<double>(R.ModelAccuracy, Column(g, r => r.ModelAccuracy), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<double>(R.DistributionEntropy, Column(g, r => r.DistributionEntropy), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<int>(R.NumNewExamples, Column(g, r => r.NumNewExamples), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<int>(R.LabelsCollected, Column(g, r => r.LabelsCollected), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<double>(R.TrainSeconds, Column(g, r => r.TrainSeconds), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync(R.Node, Column(g, r => r.Node)).ConfigureAwait(false);
            rg.CompleteValidate();
        }
    }

    /// <summary>Atomically writes <paramref name="rows"/> as a rounds table to <paramref name="path"/> (replacing it).</summary>
    public static Task WriteRoundsAsync(string path, IEnumerable<RoundRow> rows, CancellationToken cancellationToken = default)
    {
        RoundRow[] all = Materialize(rows);
        return AtomicFileWriter.WriteAsync(path, (s, ct) => WriteRoundsAsync(s, all, ct), overwrite: true, cancellationToken);
    }

    /// <summary>Synchronous <see cref="WriteRoundsAsync(string, IEnumerable{RoundRow}, CancellationToken)"/>.</summary>
    public static void WriteRounds(string path, IEnumerable<RoundRow> rows) =>
        WriteRoundsAsync(path, rows).GetAwaiter().GetResult();

    /// <summary>Reads a rounds table from <paramref name="input"/> (seekable), in file order.</summary>
    /// <param name="input">The Parquet bytes; left open.</param>
    /// <param name="sourceName">Name used in error messages (usually the file path).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ResultFileException">Not Parquet, corrupt, or not the rounds schema.</exception>
    public static Task<IReadOnlyList<RoundRow>> ReadRoundsAsync(Stream input, string sourceName = "<stream>", CancellationToken cancellationToken = default) =>
        ReadTableAsync<RoundRow>(input, sourceName, RoundsSchema, ReadRoundGroupAsync, cancellationToken);

    /// <summary>Reads the rounds table at <paramref name="path"/>, in file order.</summary>
    /// <exception cref="ResultFileException">Missing, not Parquet, corrupt, or not the rounds schema.</exception>
    public static Task<IReadOnlyList<RoundRow>> ReadRoundsAsync(string path, CancellationToken cancellationToken = default) =>
        ReadFileAsync(path, (s, ct) => ReadRoundsAsync(s, path, ct), cancellationToken);

    /// <summary>Synchronous <see cref="ReadRoundsAsync(string, CancellationToken)"/>.</summary>
    public static IReadOnlyList<RoundRow> ReadRounds(string path) => ReadRoundsAsync(path).GetAwaiter().GetResult();

    // ---- labels ------------------------------------------------------------------------------------------------

    /// <summary>Writes <paramref name="rows"/> (in the given order) as a labels table to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">A row has a null string.</exception>
    public static async Task WriteLabelsAsync(Stream output, IEnumerable<LabelRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        LabelRow[] all = Materialize(rows);
        for (int i = 0; i < all.Length; i++)
        {
            LabelRow r = all[i];
            RequireText(r.Dataset, "dataset", i);
            RequireText(r.Method, "method", i);
            RequireText(r.Model, "model", i);
            RequireText(r.Selection, "selection", i);
        }
        var ct = cancellationToken;
        await using var writer = await ParquetWriter.CreateAsync(LabelsSchema, output, NewOptions(), append: false, ct).ConfigureAwait(false);
        foreach (LabelRow[] g in all.Chunk(MaxRowsPerRowGroup))
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync(L.Dataset, Column(g, r => r.Dataset)).ConfigureAwait(false);
            await rg.WriteAsync(L.Method, Column(g, r => r.Method)).ConfigureAwait(false);
            await rg.WriteAsync(L.Model, Column(g, r => r.Model)).ConfigureAwait(false);
            await rg.WriteAsync<int>(L.Repeat, Column(g, r => r.Repeat), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<int>(L.Round, Column(g, r => r.Round), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<int>(L.ExampleId, Column(g, r => r.ExampleId), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync(L.Selection, Column(g, r => r.Selection)).ConfigureAwait(false);
            await rg.WriteAsync<int>(L.Rank, Column(g, r => r.Rank), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync<int>(L.Label, Column(g, r => r.Label), null, null, ct).ConfigureAwait(false);
            rg.CompleteValidate();
        }
    }

    /// <summary>Atomically writes <paramref name="rows"/> as a labels table to <paramref name="path"/> (replacing it).</summary>
    public static Task WriteLabelsAsync(string path, IEnumerable<LabelRow> rows, CancellationToken cancellationToken = default)
    {
        LabelRow[] all = Materialize(rows);
        return AtomicFileWriter.WriteAsync(path, (s, ct) => WriteLabelsAsync(s, all, ct), overwrite: true, cancellationToken);
    }

    /// <summary>Synchronous <see cref="WriteLabelsAsync(string, IEnumerable{LabelRow}, CancellationToken)"/>.</summary>
    public static void WriteLabels(string path, IEnumerable<LabelRow> rows) =>
        WriteLabelsAsync(path, rows).GetAwaiter().GetResult();

    /// <summary>Reads a labels table from <paramref name="input"/> (seekable), in file order.</summary>
    /// <param name="input">The Parquet bytes; left open.</param>
    /// <param name="sourceName">Name used in error messages (usually the file path).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ResultFileException">Not Parquet, corrupt, or not the labels schema.</exception>
    public static Task<IReadOnlyList<LabelRow>> ReadLabelsAsync(Stream input, string sourceName = "<stream>", CancellationToken cancellationToken = default) =>
        ReadTableAsync<LabelRow>(input, sourceName, LabelsSchema, ReadLabelGroupAsync, cancellationToken);

    /// <summary>Reads the labels table at <paramref name="path"/>, in file order.</summary>
    /// <exception cref="ResultFileException">Missing, not Parquet, corrupt, or not the labels schema.</exception>
    public static Task<IReadOnlyList<LabelRow>> ReadLabelsAsync(string path, CancellationToken cancellationToken = default) =>
        ReadFileAsync(path, (s, ct) => ReadLabelsAsync(s, path, ct), cancellationToken);

    /// <summary>Synchronous <see cref="ReadLabelsAsync(string, CancellationToken)"/>.</summary>
    public static IReadOnlyList<LabelRow> ReadLabels(string path) => ReadLabelsAsync(path).GetAwaiter().GetResult();

    // ---- internals ---------------------------------------------------------------------------------------------

    private static async Task ReadRoundGroupAsync(ParquetRowGroupReader g, ParquetSchema file, int n, List<RoundRow> into, CancellationToken ct)
    {
        string[] dataset = await Strings(g, file, R.Dataset, n).ConfigureAwait(false);
        string[] method = await Strings(g, file, R.Method, n).ConfigureAwait(false);
        string[] model = await Strings(g, file, R.Model, n).ConfigureAwait(false);
        int[] repeat = await Values<int>(g, file, R.Repeat, n, ct).ConfigureAwait(false);
        int[] round = await Values<int>(g, file, R.Round, n, ct).ConfigureAwait(false);
        double[] consensus = await Values<double>(g, file, R.ConsensusAccuracy, n, ct).ConfigureAwait(false);
        double[] modelAcc = await Values<double>(g, file, R.ModelAccuracy, n, ct).ConfigureAwait(false);
        double[] entropy = await Values<double>(g, file, R.DistributionEntropy, n, ct).ConfigureAwait(false);
        int[] numNew = await Values<int>(g, file, R.NumNewExamples, n, ct).ConfigureAwait(false);
        int[] collected = await Values<int>(g, file, R.LabelsCollected, n, ct).ConfigureAwait(false);
        double[] seconds = await Values<double>(g, file, R.TrainSeconds, n, ct).ConfigureAwait(false);
        string[] node = await Strings(g, file, R.Node, n).ConfigureAwait(false);
        for (int i = 0; i < n; i++)
            into.Add(new RoundRow(dataset[i], method[i], model[i], repeat[i], round[i], consensus[i], modelAcc[i],
                entropy[i], numNew[i], collected[i], seconds[i], node[i]));
    }

    private static async Task ReadLabelGroupAsync(ParquetRowGroupReader g, ParquetSchema file, int n, List<LabelRow> into, CancellationToken ct)
    {
        string[] dataset = await Strings(g, file, L.Dataset, n).ConfigureAwait(false);
        string[] method = await Strings(g, file, L.Method, n).ConfigureAwait(false);
        string[] model = await Strings(g, file, L.Model, n).ConfigureAwait(false);
        int[] repeat = await Values<int>(g, file, L.Repeat, n, ct).ConfigureAwait(false);
        int[] round = await Values<int>(g, file, L.Round, n, ct).ConfigureAwait(false);
        int[] exampleId = await Values<int>(g, file, L.ExampleId, n, ct).ConfigureAwait(false);
        string[] selection = await Strings(g, file, L.Selection, n).ConfigureAwait(false);
        int[] rank = await Values<int>(g, file, L.Rank, n, ct).ConfigureAwait(false);
        int[] label = await Values<int>(g, file, L.Label, n, ct).ConfigureAwait(false);
        for (int i = 0; i < n; i++)
            into.Add(new LabelRow(dataset[i], method[i], model[i], repeat[i], round[i], exampleId[i], selection[i], rank[i], label[i]));
    }

    private static async Task<IReadOnlyList<TRow>> ReadTableAsync<TRow>(
        Stream input,
        string sourceName,
        ParquetSchema expected,
        Func<ParquetRowGroupReader, ParquetSchema, int, List<TRow>, CancellationToken, Task> readGroup,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            await using var reader = await ParquetReader.CreateAsync(input, NewOptions(), leaveStreamOpen: true, ct).ConfigureAwait(false);
            CheckSchema(reader.Schema, expected, sourceName);
            var rows = new List<TRow>();
            for (int i = 0; i < reader.RowGroupCount; i++)
            {
                using var group = reader.OpenRowGroupReader(i);
                int n = checked((int)group.RowCount);
                await readGroup(group, reader.Schema, n, rows, ct).ConfigureAwait(false);
            }
            return rows;
        }
        catch (Exception e) when (e is not (ResultFileException or OperationCanceledException))
        {
            throw new ResultFileException(sourceName, $"not a readable Parquet table ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static async Task<IReadOnlyList<TRow>> ReadFileAsync<TRow>(
        string path, Func<Stream, CancellationToken, Task<IReadOnlyList<TRow>>> read, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException e)
        {
            throw new ResultFileException(path, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ResultFileException(path, "file not found", e);
        }
        await using (stream.ConfigureAwait(false))
            return await read(stream, ct).ConfigureAwait(false);
    }

    private static void CheckSchema(ParquetSchema actual, ParquetSchema expected, string sourceName)
    {
        foreach (Field f in actual.Fields)
            if (f is not DataField)
                throw new ResultFileException(sourceName, $"column '{f.Name}' is nested ({f.SchemaType}); result tables are flat");
        DataField[] a = actual.GetDataFields();
        DataField[] e = expected.GetDataFields();
        if (!a.Select(f => f.Name).SequenceEqual(e.Select(f => f.Name), StringComparer.Ordinal))
            throw new ResultFileException(sourceName,
                $"expected columns [{string.Join(", ", e.Select(f => f.Name))}] but found [{string.Join(", ", a.Select(f => f.Name))}]");
        for (int i = 0; i < e.Length; i++)
        {
            if (a[i].ClrType != e[i].ClrType || a[i].IsArray || a[i].IsNullable)
                throw new ResultFileException(sourceName,
                    $"column '{e[i].Name}' should be a required {e[i].ClrType.Name} but is {Describe(a[i])}");
        }
    }

    private static string Describe(DataField f) =>
        $"{(f.IsNullable ? "nullable " : "required ")}{(f.IsArray ? "list of " : "")}{f.ClrType.Name}";

    private static async Task<string[]> Strings(ParquetRowGroupReader g, ParquetSchema file, DataField expected, int n)
    {
        var values = new string?[n];
        await g.ReadAsync(file.FindDataField(expected.Name), values.AsMemory()).ConfigureAwait(false);
        var text = new string[n];
        for (int i = 0; i < n; i++)
            text[i] = values[i] ?? throw new InvalidDataException($"column '{expected.Name}' has a null in a required column");
        return text;
    }

    private static async Task<T[]> Values<T>(ParquetRowGroupReader g, ParquetSchema file, DataField expected, int n, CancellationToken ct)
        where T : struct
    {
        var values = new T[n];
        await g.ReadAsync<T>(file.FindDataField(expected.Name), values.AsMemory(), null, ct).ConfigureAwait(false);
        return values;
    }

    private static ParquetOptions NewOptions() => new() { CompressionMethod = CompressionMethod.Snappy };

    private static T[] Materialize<T>(IEnumerable<T> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows as T[] ?? rows.ToArray();
    }

    private static TValue[] Column<TRow, TValue>(TRow[] rows, Func<TRow, TValue> get)
    {
        var values = new TValue[rows.Length];
        for (int i = 0; i < rows.Length; i++) values[i] = get(rows[i]);
        return values;
    }

    private static void RequireText(string? value, string column, int row)
    {
        if (value is null) throw new ArgumentException($"row {row}: column '{column}' is null; result tables have no nulls", "rows");
    }
}
