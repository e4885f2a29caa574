using System.Globalization;

namespace ActiveLab.Data;

/// <summary>
/// A small table of text cells read from a CSV or Parquet file (<see cref="TabularFile"/>): a header and one row per
/// example. Cells are kept as text (null or empty = missing) so the dataset builder parses every value once and
/// names the file, row and column of a bad one.
/// </summary>
/// <param name="File">The path as the user gave it (relative to the data dir).</param>
/// <param name="Columns">Column names, in file order.</param>
/// <param name="Rows">Cells of each data row (same length as <paramref name="Columns"/>).</param>
/// <param name="IsCsv">CSV (rows are located by line, the header being line 1) or Parquet (rows by 1-based row).</param>
public sealed record TabularTable(string File, IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows, bool IsCsv)
{
    /// <summary>Index of <paramref name="column"/>, or −1.</summary>
    public int IndexOf(string column)
    {
        for (int i = 0; i < Columns.Count; i++) if (Columns[i] == column) return i;
        return -1;
    }

    /// <summary>A <see cref="DataFormatException"/> naming the file, the row (0-based data row) and the column.</summary>
    public DataFormatException Error(int row, int column, string problem) =>
        new(File, $"{Row(row)}, column '{Columns[column]}': {problem}");

    /// <summary>A <see cref="DataFormatException"/> naming the file and the row (0-based data row).</summary>
    public DataFormatException RowError(int row, string problem) => new(File, $"{Row(row)}: {problem}");

    private string Row(int row) => IsCsv
        ? $"line {(row + 2).ToString(CultureInfo.InvariantCulture)} (row {(row + 1).ToString(CultureInfo.InvariantCulture)})"
        : $"row {(row + 1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A <see cref="DataFormatException"/> about the whole file.</summary>
    public DataFormatException Error(string problem) => new(File, problem);
}
