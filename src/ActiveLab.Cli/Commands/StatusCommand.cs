using ActiveLab.Cli.Sweeps;
using ActiveLab.Cluster.Hosting;
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
        var status = await SweepStatusReader.ReadAsync(config, cancellationToken);
        if (status is null)
        {
            _io.Out.WriteLine($"sweep {config.Name} has not started (no journal in {config.SweepDir})");
            return ExitCodes.Ok;
        }
        SweepConsole.WriteTable(_io.Out, status);
        _io.Out.WriteLine($"{status.CellsDone}/{status.Cells} cells done, {status.CellsFailed} failed{(status.Finished ? "; finished" : "")}");
        return ExitCodes.Ok;
    }
}
