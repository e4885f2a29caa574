using ActiveLab.Cli.Sweeps;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Results;
using Microsoft.Data.Sqlite;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Commands;

/// <summary><c>activelab status</c>: a sweep's progress read from its journal (while it runs or after it stopped).</summary>
public sealed class StatusCommand : AsyncCommand<SweepSettings>
{
    public const string Description =
        "Print a sweep's progress from its journal: done / running / pending / failed cells per dataset × method, " +
        "and the errors of failed cells. Works while the sweep runs and after it stopped.";

    private readonly CliIo _io;

    public StatusCommand(CliIo io) => _io = io;

    public override async Task<int> ExecuteAsync(CommandContext context, SweepSettings settings, CancellationToken cancellationToken)
    {
        var config = settings.LoadConfig();
        SweepStatus? status;
        try
        {
            status = await SweepStatusReader.ReadAsync(config, cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            throw new CliInputException($"journal {JournalName(config)} is not a readable SQLite database: {e.Message}");
        }
        if (status is null)
        {
            _io.Out.WriteLine($"sweep {config.Name} has not started (no journal in {config.SweepDir})");
            return ExitCodes.Ok;
        }
        SweepConsole.WriteTable(_io.Out, status);
        _io.Out.WriteLine($"{status.CellsDone}/{status.Cells} cells done, {status.CellsFailed} failed{(status.Finished ? "; finished" : "")}");
        return ExitCodes.Ok;
    }

    // SQLite result codes: the file is not a database (garbage, another format) or its content is damaged. Other
    // SQLite errors (busy, locked, I/O) are not the input's fault and stay unexpected.
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>The journal's file for the default SQLite journal, else where the config says it is.</summary>
    private static string JournalName(SweepConfig config) =>
        string.IsNullOrWhiteSpace(config.ConnectionString)
            ? SweepLayout.JournalPath(config.SweepDir)
            : "(activelab.persistence.connection-string)";
}
