using System.Globalization;

namespace ActiveLab.Data;

/// <summary>
/// Reads a small CSV text file (gzip or plain) line by line with 1-based line numbers and parses cells with
/// invariant culture, turning every problem into a <see cref="DataFormatException"/> that names file and line.
/// </summary>
internal sealed class TextTable : IDisposable
{
    private readonly StreamReader _reader;

    private TextTable(string path, StreamReader reader)
    {
        Path = path;
        _reader = reader;
    }

    public string Path { get; }

    /// <summary>1-based number of the line returned by the last <see cref="NextLine"/>.</summary>
    public long LineNumber { get; private set; }

    public static TextTable Open(string path) => new(path, new StreamReader(DataFile.OpenRead(path), System.Text.Encoding.UTF8));

    /// <summary>Next line (without its line ending), or null at the end of the file.</summary>
    public string? NextLine()
    {
        string? line;
        try
        {
            line = _reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(Path, $"corrupt gzip data after line {LineNumber}: {e.Message}", inner: e);
        }
        if (line is not null) LineNumber++;
        return line;
    }

    /// <summary>The fields of the next non-empty line, or null at the end of the file.</summary>
    public List<string>? NextRow()
    {
        while (NextLine() is string line)
        {
            if (line.Length == 0 || line == "\r") continue;
            try
            {
                return CsvLine.Split(line);
            }
            catch (FormatException e)
            {
                throw Error(e.Message);
            }
        }
        return null;
    }

    public DataFormatException Error(string problem) => new(Path, problem, LineNumber);

    public void RequireFieldCount(List<string> fields, int expected)
    {
        if (fields.Count != expected)
            throw Error($"expected {expected} comma-separated fields, found {fields.Count}");
    }

    public double ParseDouble(string cell, string column)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Error($"column '{column}': '{cell}' is not a finite number");
        return value;
    }

    public long ParseInteger(string cell, string column)
    {
        string s = cell.Trim();
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)) return value;
        // pandas writes integer columns with missing values as floats ("3.0").
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d)
            && Math.Abs(d) < 1e15)
            return (long)d;
        throw Error($"column '{column}': '{cell}' is not an integer");
    }

    public void Dispose() => _reader.Dispose();
}
