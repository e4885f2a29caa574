using System.Globalization;
using ActiveLab.Core;

namespace ActiveLab.Cli.Io;

/// <summary>A probability file read into memory: class names, the N × K matrix and each row's line number.</summary>
internal sealed record ProbabilitiesTable(string File, CsvHeader Header, Matrix Values, int[] Lines)
{
    public string[] ClassNames => Header.Names;
    public int Rows => Values.Rows;
    public int Classes => Values.Columns;
}

/// <summary>
/// Reads P.csv / Q.csv: a header row of class names, then one row per example of K probabilities (invariant-culture
/// numbers). Every value must be finite and in [0, 1] and every row must sum to 1 within <see cref="SumTolerance"/>.
/// </summary>
internal static class ProbabilitiesCsvReader
{
    /// <summary>Tolerance of a row sum, and how far a single value may exceed 1 (rounding of saved floats).</summary>
    public const double SumTolerance = 1e-6;

    /// <summary>
    /// Reads a probability file. With <paramref name="like"/> (Q read after P) the header must match P's header
    /// exactly; otherwise (P) it needs at least two classes. <paramref name="requireRows"/> rejects a file without data rows.
    /// </summary>
    public static ProbabilitiesTable Read(string path, string display, ProbabilitiesTable? like, bool requireRows)
    {
        CsvHeader? header = null;
        var values = new List<double>();
        var lines = new List<int>();

        CsvFile.Read(path, display,
            h =>
            {
                CheckHeader(h, display, like);
                header = h;
            },
            (in CsvRow row) =>
            {
                CsvFile.RequireWidth(row, header!, display);
                double sum = 0;
                for (int c = 0; c < row.Count; c++)
                {
                    double p = ParseProbability(row[c], display, row.Line, header!, c);
                    values.Add(p);
                    sum += p;
                }
                if (Math.Abs(sum - 1.0) > SumTolerance)
                    throw CliInputException.At(display, row.Line, null,
                        $"probabilities sum to {sum.ToString("G10", CultureInfo.InvariantCulture)}, expected 1 (within 1e-6)");
                lines.Add(row.Line);
            });

        if (requireRows && lines.Count == 0)
            throw CliInputException.At(display, null, null, "no data rows after the header (expected one row per example)");
        int k = header!.Names.Length;
        return new ProbabilitiesTable(display, header, new Matrix(lines.Count, k, values.ToArray()), lines.ToArray());
    }

    private static void CheckHeader(CsvHeader header, string display, ProbabilitiesTable? like)
    {
        if (like is null)
        {
            CsvFile.RequireNamedColumns(header, display);
            if (header.Names.Length < 2)
                throw CliInputException.At(display, header.Line, null,
                    "the header has 1 column; need one column per class and at least 2 classes");
            return;
        }

        int k = like.Classes;
        if (header.Names.Length != k)
            throw CliInputException.At(display, header.Line, null,
                $"the header has {header.Names.Length} {(header.Names.Length == 1 ? "column" : "columns")} but {like.File} has {k} (the same classes, in the same order, are needed)");
        for (int c = 0; c < k; c++)
        {
            if (!string.Equals(header.Names[c], like.ClassNames[c], StringComparison.Ordinal))
                throw CliInputException.At(display, header.Line, CliText.ColumnName(header.Names, c),
                    $"class name differs from {like.File}'s column {c + 1} {CliText.Quote(like.ClassNames[c])} (the same classes, in the same order, are needed)");
        }
    }

    private static double ParseProbability(ReadOnlySpan<char> cell, string display, int line, CsvHeader header, int column)
    {
        string where() => CliText.ColumnName(header.Names, column);
        if (cell.IsWhiteSpace())
            throw CliInputException.At(display, line, where(), "missing probability (empty cell)");
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
            throw CliInputException.At(display, line, where(), $"probability {CliText.Quote(cell)} is not a number");
        if (!double.IsFinite(p))
            throw CliInputException.At(display, line, where(), $"probability {CliText.Quote(cell)} is not finite");
        if (p < 0 || p > 1 + SumTolerance)
            throw CliInputException.At(display, line, where(), $"probability {CliText.Quote(cell)} is outside [0, 1]");
        return p;
    }
}
