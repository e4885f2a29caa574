using System.Globalization;
using System.Text;

namespace ActiveLab.Cli;

/// <summary>Exit codes of the <c>activelab</c> commands.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Unexpected failure or an I/O error while reading or writing.</summary>
    public const int Failure = 1;

    /// <summary>Bad input: bad arguments, a missing input file or a malformed/invalid value in one.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted (SIGINT / Ctrl-C or SIGTERM); progress is saved and the same command resumes.</summary>
    public const int Interrupted = 3;

    /// <summary>The sweep finished but some cells failed (their errors are printed and shown by <c>status</c>).</summary>
    public const int CompletedWithFailures = 4;

    /// <summary>Something the node depends on (journal, results folder, seed node) stayed unavailable past its window,
    /// or the node was removed from the cluster; progress is saved and the same command resumes.</summary>
    public const int Unavailable = 5;
}

/// <summary>
/// Invalid user input found by the CLI (arguments or input files). <see cref="Exception.Message"/> is the complete
/// one-line description, e.g. <c>L.csv line 7, column "ann3": label "x" is not an integer</c>; the command prints it
/// after <c>error: </c> and exits with <see cref="ExitCodes.BadInput"/>.
/// </summary>
public sealed class CliInputException : Exception
{
    public CliInputException(string message) : base(message) { }

    /// <summary>An error located in a file: <c>FILE line N, column "C": message</c> (line and column optional).</summary>
    public static CliInputException At(string file, int? line, string? column, string message) =>
        new(CliText.Location(file, line, column) + ": " + message);
}

/// <summary>Small text helpers for one-line messages.</summary>
internal static class CliText
{
    private const int MaxValueLength = 40;

    /// <summary><c>FILE</c>, <c>FILE line N</c>, <c>FILE, column "C"</c> or <c>FILE line N, column "C"</c>.</summary>
    public static string Location(string file, int? line, string? column)
    {
        var sb = new StringBuilder(file);
        if (line is int l) sb.Append(" line ").Append(l.ToString(CultureInfo.InvariantCulture));
        if (column is not null) sb.Append(", column ").Append(column);
        return sb.ToString();
    }

    /// <summary>A header name for messages: <c>"name"</c>, or <c>1-based index</c> when the name is empty.</summary>
    public static string ColumnName(IReadOnlyList<string> header, int index) =>
        index >= 0 && index < header.Count && header[index].Length > 0
            ? Quote(header[index])
            : (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>A cell value for messages: quoted, control characters escaped, long values shortened.</summary>
    public static string Quote(ReadOnlySpan<char> value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        int n = Math.Min(value.Length, MaxValueLength);
        for (int i = 0; i < n; i++)
        {
            char c = value[i];
            if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        if (value.Length > MaxValueLength) sb.Append('…');
        return sb.Append('"').ToString();
    }

    /// <summary>Folds line breaks into single spaces so a message stays one line.</summary>
    public static string OneLine(string message)
    {
        if (message.IndexOfAny(['\r', '\n']) < 0) return message;
        var parts = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', parts);
    }
}
