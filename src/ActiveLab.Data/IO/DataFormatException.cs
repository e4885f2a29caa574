namespace ActiveLab.Data;

/// <summary>
/// A data file is missing, unreadable or malformed. The message always names the file and, where the problem is one
/// place in it, the 1-based line (text files) or the 0-based record (binary files), so a user can open the file and
/// find the problem. <see cref="File"/>, <see cref="Line"/> and <see cref="Record"/> carry the same information for
/// callers that format errors themselves (the CLI prints <see cref="Exception.Message"/> as one line).
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <param name="file">Path of the offending file (as given by the caller).</param>
    /// <param name="problem">What is wrong, without the location (e.g. "expected 5 fields, found 4").</param>
    /// <param name="line">1-based line number in a text file, when the problem is one line.</param>
    /// <param name="record">0-based record number in a binary file, when the problem is one record.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public DataFormatException(string file, string problem, long? line = null, long? record = null, Exception? inner = null)
        : base(Format(file, problem, line, record), inner)
    {
        File = file;
        Problem = problem;
        Line = line;
        Record = record;
    }

    /// <summary>Path of the offending file.</summary>
    public string File { get; }

    /// <summary>The problem without the location.</summary>
    public string Problem { get; }

    /// <summary>1-based line number (text files), when known.</summary>
    public long? Line { get; }

    /// <summary>0-based record number (binary files), when known.</summary>
    public long? Record { get; }

    private static string Format(string file, string problem, long? line, long? record)
    {
        string where = line is long l ? $"{file}, line {l}" : record is long r ? $"{file}, record {r}" : file;
        return $"{where}: {problem}";
    }
}
