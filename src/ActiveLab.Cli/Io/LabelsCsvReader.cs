using System.Globalization;
using ActiveLab.Core;

namespace ActiveLab.Cli.Io;

/// <summary>A labels file read into memory: annotator ids, the sparse N × M matrix and each row's line number.</summary>
internal sealed record LabelsTable(string File, CsvHeader Header, LabelMatrix Labels, int[] Lines)
{
    public string[] AnnotatorIds => Header.Names;
    public int Rows => Labels.Rows;
}

/// <summary>
/// Reads L.csv: a header row of distinct annotator ids, then one row per labeled example with an integer class label
/// 0..K−1 per annotator, or an empty cell where that annotator gave no label. Integral decimals such as <c>2.0</c>
/// (what pandas writes for an integer column with missing values) are accepted as integers.
/// </summary>
internal static class LabelsCsvReader
{
    /// <summary>Reads the file; <paramref name="classCount"/> is K, taken from <paramref name="classesFrom"/> (P).</summary>
    public static LabelsTable Read(string path, string display, int classCount, string classesFrom)
    {
        CsvHeader? header = null;
        var entries = new List<(int Row, int Column, int Label)>();
        var lines = new List<int>();

        CsvFile.Read(path, display,
            h =>
            {
                CsvFile.RequireNamedColumns(h, display);
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int c = 0; c < h.Names.Length; c++)
                {
                    if (seen.TryGetValue(h.Names[c], out int first))
                        throw CliInputException.At(display, h.Line, CliText.ColumnName(h.Names, c),
                            $"duplicate annotator id (columns {first + 1} and {c + 1} have the same name)");
                    seen.Add(h.Names[c], c);
                }
                header = h;
            },
            (in CsvRow row) =>
            {
                CsvFile.RequireWidth(row, header!, display);
                int r = lines.Count;
                for (int c = 0; c < row.Count; c++)
                {
                    var cell = row[c];
                    if (cell.IsWhiteSpace()) continue;
                    int label = ParseLabel(cell, display, row.Line, header!, c, classCount, classesFrom);
                    entries.Add((r, c, label));
                }
                lines.Add(row.Line);
            });

        var builder = new LabelMatrix.Builder(lines.Count, header!.Names.Length);
        foreach (var (r, c, l) in entries) builder.Add(r, c, l);
        return new LabelsTable(display, header, builder.Build(), lines.ToArray());
    }

    private static int ParseLabel(ReadOnlySpan<char> cell, string display, int line, CsvHeader header, int column,
        int classCount, string classesFrom)
    {
        string where = CliText.ColumnName(header.Names, column);
        long value;
        if (long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out long integer))
        {
            value = integer;
        }
        else if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                 && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15)
        {
            value = (long)d;
        }
        else
        {
            throw CliInputException.At(display, line, where, $"label {CliText.Quote(cell)} is not an integer");
        }

        if (value < 0)
            throw CliInputException.At(display, line, where, $"label {CliText.Quote(cell)} is negative (labels are 0..{classCount - 1})");
        if (value >= classCount)
            throw CliInputException.At(display, line, where,
                $"label {CliText.Quote(cell)} is not a class: {classesFrom} has K = {classCount} columns, so labels are 0..{classCount - 1}");
        return (int)value;
    }
}
