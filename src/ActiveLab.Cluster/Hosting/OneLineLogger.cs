using System.Globalization;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// Akka's log output, one line per event and no stack traces: "[WARNING 12:00:01] source: message (cause: Type: text)".
/// A message repeated within <see cref="Quiet"/> is counted instead of printed (an unreachable database made the
/// default logger print hundreds of multi-line stack traces; a bad seed address, hundreds of megabytes).
/// </summary>
public sealed class OneLineLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, (DateTime Printed, int Suppressed)> _recent = new();

    public OneLineLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Print);
    }

    private void Print(LogEvent e)
    {
        string message = Flatten(e.Message?.ToString() ?? "");
        string key = $"{e.LogLevel()}|{e.LogSource}|{message}";
        var now = DateTime.UtcNow;
        if (_recent.TryGetValue(key, out var seen) && now - seen.Printed < Quiet)
        {
            _recent[key] = (seen.Printed, seen.Suppressed + 1);
            return;
        }
        if (_recent.Count > 1000) _recent.Clear();
        _recent[key] = (now, 0);
        string level = e.LogLevel() switch
        {
            LogLevel.ErrorLevel => "ERROR",
            LogLevel.WarningLevel => "WARNING",
            LogLevel.InfoLevel => "INFO",
            _ => "DEBUG",
        };
        string cause = e.Cause is null ? "" : $" (cause: {Cause(e.Cause)})";
        string repeated = seen.Suppressed > 0 ? $" [and {seen.Suppressed} more like it]" : "";
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{level} {e.Timestamp.ToLocalTime():HH:mm:ss}] {Source(e.LogSource)}: {message}{cause}{repeated}"));
    }

    /// <summary>The innermost exception, which names the actual problem (e.g. "Connection refused").</summary>
    private static string Cause(Exception e)
    {
        e = e.Innermost();
        return $"{e.GetType().Name}: {Flatten(e.Message)}";
    }

    /// <summary>The actor's path without the system address, e.g. "system/akka.persistence.journal.sql".</summary>
    private static string Source(string source)
    {
        int scheme = source.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return source;
        int slash = source.IndexOf('/', scheme + 3);
        return slash < 0 ? source : source[(slash + 1)..];
    }

    private static string Flatten(string text)
    {
        int newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline].TrimEnd() + " …";
    }
}
