using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace ActiveLab.Data;

/// <summary>
/// Reads a user's table: <c>.parquet</c> by Parquet, anything else as CSV (comma separated, a header line, gzip
/// detected from the content). Every problem is a <see cref="DataFormatException"/> naming the file.
/// </summary>
public static class TabularFile
{
    /// <summary>Reads <paramref name="path"/> (full path); <paramref name="shownAs"/> names it in messages.</summary>
    /// <exception cref="DataFormatException">Missing, empty, unreadable, or rows of the wrong width.</exception>
    public static TabularTable Read(string path, string shownAs)
    {
        if (!File.Exists(path)) throw new DataFormatException(shownAs, $"file not found (looked at {path})");
        if (new FileInfo(path).Length == 0) throw new DataFormatException(shownAs, "empty file");
        var table = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ReadParquet(path, shownAs) : ReadCsv(path, shownAs);
        if (table.Rows.Count == 0) throw table.Error("empty file: a header but no data rows");
        var duplicate = table.Columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw table.Error($"column '{duplicate.Key}' appears twice in the header");
        return table;
    }

    private static TabularTable ReadCsv(string path, string shownAs)
    {
        string[] lines;
        try
        {
            using var reader = new StreamReader(DataFile.OpenRead(path), System.Text.Encoding.UTF8);
            lines = reader.ReadToEnd().Split('\n');
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(shownAs, $"corrupt gzip data: {e.Message}", inner: e);
        }
        // A final line break leaves one empty entry; blank lines elsewhere are rows with missing cells.
        int count = lines.Length;
        while (count > 0 && lines[count - 1].TrimEnd('\r').Length == 0) count--;
        if (count == 0) throw new DataFormatException(shownAs, "empty file");
        var header = Split(lines[0], shownAs, 1).Select(h => h.Trim()).ToArray();
        var rows = new List<string?[]>(count - 1);
        for (int i = 1; i < count; i++)
        {
            var cells = Split(lines[i], shownAs, i + 1);
            if (cells.Count != header.Length)
                throw new DataFormatException(shownAs, $"line {i + 1} (row {i}): {cells.Count} fields, the header has {header.Length}");
            rows.Add(cells.Select(c => (string?)c.Trim()).ToArray());
        }
        return new TabularTable(shownAs, header, rows, IsCsv: true);
    }

    private static List<string> Split(string line, string shownAs, int lineNumber)
    {
        try { return CsvLine.Split(line); }
        catch (FormatException e) { throw new DataFormatException(shownAs, e.Message, line: lineNumber); }
    }

    private static TabularTable ReadParquet(string path, string shownAs)
    {
        try
        {
            return ReadParquetAsync(path, shownAs).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not DataFormatException)
        {
            throw new DataFormatException(shownAs, $"not a readable Parquet table ({e.GetType().Name}: {e.Message})", inner: e);
        }
    }

    private static async Task<TabularTable> ReadParquetAsync(string path, string shownAs)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
        foreach (Field f in reader.Schema.Fields)
            if (f is not DataField)
                throw new DataFormatException(shownAs, $"column '{f.Name}' is nested; expected a flat table");
        DataField[] fields = reader.Schema.GetDataFields();
        var columns = fields.Select(f => new List<string?>()).ToArray();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            for (int c = 0; c < fields.Length; c++)
                columns[c].AddRange(await ReadColumnAsync(group, fields[c], n, shownAs).ConfigureAwait(false));
        }
        int total = columns.Length == 0 ? 0 : columns[0].Count;
        var rows = new List<string?[]>(total);
        for (int r = 0; r < total; r++)
        {
            var row = new string?[fields.Length];
            for (int c = 0; c < fields.Length; c++) row[c] = columns[c][r];
            rows.Add(row);
        }
        return new TabularTable(shownAs, fields.Select(f => f.Name).ToArray(), rows, IsCsv: false);
    }

    /// <summary>One column as text cells: numbers round-trip ("R"), null stays null.</summary>
    private static async Task<IEnumerable<string?>> ReadColumnAsync(ParquetRowGroupReader g, DataField f, int n, string shownAs)
    {
        if (f.IsArray) throw new DataFormatException(shownAs, $"column '{f.Name}' holds lists; expected one value per cell");
        if (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[n];
            await g.ReadAsync(f, values.AsMemory()).ConfigureAwait(false);
            return values;
        }
        return f.ClrType switch
        {
            var t when t == typeof(double) => await Numbers<double>(g, f, n, v => v.ToString("R", CultureInfo.InvariantCulture)).ConfigureAwait(false),
            var t when t == typeof(float) => await Numbers<float>(g, f, n, v => ((double)v).ToString("R", CultureInfo.InvariantCulture)).ConfigureAwait(false),
            var t when t == typeof(int) => await Numbers<int>(g, f, n, v => v.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            var t when t == typeof(long) => await Numbers<long>(g, f, n, v => v.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            var t when t == typeof(short) => await Numbers<short>(g, f, n, v => v.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false),
            var t when t == typeof(bool) => await Numbers<bool>(g, f, n, v => v ? "1" : "0").ConfigureAwait(false),
            _ => throw new DataFormatException(shownAs, $"column '{f.Name}' has type {f.ClrType.Name}; expected numbers or text"),
        };
    }

    private static async Task<IEnumerable<string?>> Numbers<T>(ParquetRowGroupReader g, DataField f, int n, Func<T, string> format)
        where T : struct
    {
        if (f.IsNullable)
        {
            var values = new T?[n];
            await g.ReadAsync<T>(f, values.AsMemory(), null, CancellationToken.None).ConfigureAwait(false);
            return values.Select(v => v is T x ? format(x) : null);
        }
        var dense = new T[n];
        await g.ReadAsync<T>(f, dense.AsMemory(), null, CancellationToken.None).ConfigureAwait(false);
        return dense.Select(v => (string?)format(v));
    }
}
