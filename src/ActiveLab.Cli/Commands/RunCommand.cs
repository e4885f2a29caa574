using System.ComponentModel;
using ActiveLab.Cli.Sweeps;
using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Commands;

/// <summary>
/// <c>activelab run</c>: the whole sweep in one process — coordinator, journal (embedded SQLite under the sweep's
/// results folder) and trainers — with live progress. Killed and rerun, it resumes where it stopped.
/// </summary>
public sealed class RunCommand : AsyncCommand<RunCommand.Settings>
{
    public const string Description =
        "Run a sweep on this machine (one process, all roles, embedded SQLite journal in <results-dir>/<sweep>/). " +
        "Rerunning the same command resumes an interrupted sweep. Exit codes: 0 done, 2 bad input or changed config, " +
        "3 interrupted (SIGINT/SIGTERM), 4 finished with failed cells, 5 journal or results folder unavailable.";

    private readonly CliIo _io;

    public RunCommand(CliIo io) => _io = io;

    public sealed class Settings : DashboardSweepSettings
    {
        [CommandOption("--slots <N>")]
        [Description("Concurrent training jobs on this machine (default: number of cores).")]
        public int? Slots { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("Torch device for mlp-torch: auto (default), cpu, cuda, cuda:N.")]
        public string Device { get; init; } = "auto";

        [CommandOption("--max-batch <N>")]
        [Description(CliDevice.MaxBatchHelp)]
        public int? MaxBatch { get; init; }

        [CommandOption("--add-new-cells")]
        [Description("Accept a config whose grid grew (same settings): only the new cells are added and run.")]
        public bool AddNewCells { get; init; }

        [CommandOption("--retry-failed")]
        [Description("Give failed cells a new chance: each resumes at the round that failed.")]
        public bool RetryFailed { get; init; }

        public override ValidationResult Validate()
        {
            if (Slots is < 1) return ValidationResult.Error("--slots must be 1 or more");
            if (CliDevice.MaxBatchProblem(MaxBatch) is { } maxBatchProblem) return ValidationResult.Error(maxBatchProblem);
            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var signals = new ShutdownSignals();
        var config = settings.LoadConfig();
        CliDevice.Validate(settings.Device);
        var datasets = CliTrainingModels.Datasets(config.DataDir, config.OwnDatasets, config.OriginalArraysDir);
        SweepRunner.Preload(config, datasets);
        int slots = settings.Slots ?? Environment.ProcessorCount;

        await using var dashboard = await CliDashboard.StartAsync(settings, config.Name, _io);
        await using var node = SweepRunner.StartNode(new NodeOptions("127.0.0.1", 0, [],
            [NodeOptions.CoordinatorRole, NodeOptions.TrainerRole, NodeOptions.DeviceRole(settings.Device)]), config);
        _io.Out.WriteLine($"sweep {config.Name}: {SweepGrid.Expand(config).Count} cells, results in {config.SweepDir}, {slots} training slot(s)");
        var console = new SweepConsole(_io.Out);
        var (listener, outcome) = node.Listen(console.Progress);
        node.StartCoordinator(config, datasets, listener, new SweepCoordinator.Options(settings.AddNewCells, settings.RetryFailed));
        dashboard?.Attach(node, config, console.Pace);
        var proxy = node.CoordinatorProxy();
        node.StartTrainer(proxy, new TrainingJobExecutor(datasets, new CliTrainingModels(settings.Device), node.Address), slots, config.HeartbeatInterval,
            CliDevice.Batching(settings.MaxBatch, config.MaxBatch, config.FillWait, settings.Device));
        var result = await SweepRunner.WaitAsync(outcome, node, signals);
        if (dashboard is not null) await dashboard.RefreshAsync();
        return SweepRunner.Report(_io, result, config.SweepDir, signals);
    }
}
