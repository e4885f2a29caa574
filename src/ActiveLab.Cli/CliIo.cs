using Spectre.Console;

namespace ActiveLab.Cli;

/// <summary>
/// The writers a command prints to. Registered in the command app so commands get it by constructor injection; tests
/// pass their own writers through <see cref="Program.Run"/>.
/// </summary>
public sealed class CliIo
{
    public CliIo(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Error = stderr;
    }

    /// <summary>Normal output (summaries, help).</summary>
    public TextWriter Out { get; }

    /// <summary>Error output: one <c>error: …</c> line per failure.</summary>
    public TextWriter Error { get; }

    /// <summary>Writes exactly one <c>error: …</c> line (newlines in the message are folded into spaces).</summary>
    public void WriteError(string message)
    {
        Error.WriteLine("error: " + CliText.OneLine(message));
        Error.Flush();
    }

    /// <summary>A plain (no ANSI, no colour, not interactive) Spectre console over <see cref="Out"/>.</summary>
    internal IAnsiConsole CreatePlainConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(Out),
    });
}
