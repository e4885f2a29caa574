using nietras.SeparatedValues;

namespace ActiveLab.Cli.Io;

/// <summary>One data row of a CSV file: its 1-based line number and its cells (unescaped, not trimmed).</summary>
internal readonly ref struct CsvRow
{
    private readonly SepReader.Row _row;
    private readonly bool _blank;

    public CsvRow(SepReader.Row row)
    {
        _row = row;
        _blank = false;
        Line = CsvFile.LineOf(row);
    }

    private CsvRow(int line)
    {
        _row = default;
        _blank = true;
        Line = line;
    }

    /// <summary>A blank line inside the data, read as one empty cell.</summary>
    public static CsvRow Blank(int line) => new(line);

    /// <summary>1-based line number in the file where the row starts.</summary>
    public int Line { get; }

    public int Count => _blank ? 1 : _row.ColCount;

    public ReadOnlySpan<char> this[int column] => _blank ? ReadOnlySpan<char>.Empty : _row[column].Span;
}

/// <summary>Handles one data row.</summary>
internal delegate void CsvRowHandler(in CsvRow row);

/// <summary>The header row of a CSV file: trimmed names and the line it is on.</summary>
internal sealed record CsvHeader(string[] Names, int Line);

/// <summary>
/// Reads a comma-separated file with Sep: RFC 4180 quotes are unescaped, the first non-blank row is the header, blank
/// lines before the header and at the end of the file are ignored, a blank line between data rows is a row of one
/// empty cell. Line numbers are 1-based and count every physical line (also lines inside quoted cells).
/// </summary>
internal static class CsvFile
{
    /// <summary>
    /// Reads <paramref name="path"/> (shown as <paramref name="display"/> in messages), calling
    /// <paramref name="onHeader"/> once and <paramref name="onRow"/> for each data row, in order.
    /// A missing or empty file is a <see cref="CliInputException"/>; other I/O errors become an
    /// <see cref="IOException"/> whose message names the file.
    /// </summary>
    public static void Read(string path, string display, Action<CsvHeader> onHeader, CsvRowHandler onRow)
    {
        if (Directory.Exists(path)) throw CliInputException.At(display, null, null, "is a directory, not a file");
        if (!File.Exists(path)) throw CliInputException.At(display, null, null, "file not found");
        try
        {
            ReadRows(path, display, onHeader, onRow);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw CliInputException.At(display, null, null, "file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read {display}: {e.Message}", e);
        }
    }

    private static void ReadRows(string path, string display, Action<CsvHeader> onHeader, CsvRowHandler onRow)
    {
        using (var reader = new Sep(',').Reader(o => o with
        {
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = true,
        }).FromFile(path))
        {
            bool headerSeen = false;
            var pendingBlankLines = new List<int>();
            foreach (var row in reader)
            {
                bool blank = row.Span.IsWhiteSpace();
                if (!headerSeen)
                {
                    if (blank) continue;
                    var names = new string[row.ColCount];
                    for (int c = 0; c < names.Length; c++) names[c] = row[c].Span.Trim().ToString();
                    onHeader(new CsvHeader(names, LineOf(row)));
                    headerSeen = true;
                    continue;
                }
                if (blank)
                {
                    pendingBlankLines.Add(LineOf(row));
                    continue;
                }
                foreach (int line in pendingBlankLines) onRow(CsvRow.Blank(line));
                pendingBlankLines.Clear();
                onRow(new CsvRow(row));
            }
            if (!headerSeen)
                throw CliInputException.At(display, null, null, "file is empty (expected a header row)");
        }
    }

    /// <summary>
    /// 1-based line where <paramref name="row"/> starts. Sep 0.17.1 reports the first row's LineNumberFrom as the
    /// line after it (its LineNumberToExcl, e.g. 2 for a one-line first row); later rows are right, and the first row
    /// always starts on line 1.
    /// </summary>
    public static int LineOf(SepReader.Row row) => row.RowIndex == 0 ? 1 : row.LineNumberFrom;

    /// <summary>Rejects empty header names (often a pandas index column written without a name).</summary>
    public static void RequireNamedColumns(CsvHeader header, string display)
    {
        for (int c = 0; c < header.Names.Length; c++)
        {
            if (header.Names[c].Length == 0)
                throw CliInputException.At(display, header.Line, CliText.ColumnName(header.Names, c),
                    "empty name in the header row" + (c == 0 ? " (an index column? write the CSV without one)" : ""));
        }
    }

    /// <summary>Checks a data row has one cell per header column, naming the first missing column.</summary>
    public static void RequireWidth(in CsvRow row, CsvHeader header, string display)
    {
        int expected = header.Names.Length;
        if (row.Count < expected)
            throw CliInputException.At(display, row.Line, CliText.ColumnName(header.Names, row.Count),
                $"missing value (the row has {row.Count} {Cells(row.Count)}, the header has {expected})");
        if (row.Count > expected)
            throw CliInputException.At(display, row.Line, null,
                $"the row has {row.Count} {Cells(row.Count)}, the header has {expected}");
    }

    private static string Cells(int n) => n == 1 ? "cell" : "cells";
}
