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
/// <c>activelab seed</c>: the cluster's seed node, holding the coordinator and the journal; trainers join it with
/// <c>activelab worker</c>. Rerun after a crash, it resumes the sweep.
/// </summary>
public sealed class SeedCommand : AsyncCommand<SeedCommand.Settings>
{
    public const string Description =
        "Start the seed node that holds the sweep's coordinator and journal; trainer nodes join it with 'activelab worker " +
        "--seed akka.tcp://activelab@HOST:PORT'. Leaves the cluster (and the workers exit) when the sweep finishes.";

    private readonly CliIo _io;

    public SeedCommand(CliIo io) => _io = io;

    public sealed class Settings : DashboardSweepSettings
    {
        [CommandOption("--tls-certificate <FILE>")]
        [Description(NodeNetworkOptions.TlsCertificate)]
        public string? TlsCertificate { get; init; }

        [CommandOption("--tls-password-file <FILE>")]
        [Description(NodeNetworkOptions.TlsPasswordFile)]
        public string? TlsPasswordFile { get; init; }

        [CommandOption("--insecure")]
        [Description(NodeNetworkOptions.Insecure)]
        public bool Insecure { get; init; }

        [CommandOption("--public-host <HOST>")]
        [Description(NodeNetworkOptions.PublicHost)]
        public string? PublicHost { get; init; }

        [CommandOption("--public-port <PORT>")]
        [Description(NodeNetworkOptions.PublicPort)]
        public int? PublicPort { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("TCP port of the seed node (default 4053).")]
        public int Port { get; init; } = 4053;

        [CommandOption("--host <HOST>")]
        [Description(NodeNetworkOptions.Host)]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("--slots <N>")]
        [Description("Training slots on the seed node itself (default 0: it only coordinates).")]
        public int Slots { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("Torch device for mlp-torch jobs trained on this node.")]
        public string Device { get; init; } = "auto";

        [CommandOption("--max-batch <N>")]
        [Description(CliDevice.MaxBatchHelp)]
        public int? MaxBatch { get; init; }

        [CommandOption("--add-new-cells")]
        [Description("Accept a config whose grid grew (same settings): only the new cells are added.")]
        public bool AddNewCells { get; init; }

        [CommandOption("--retry-failed")]
        [Description("Give failed cells a new chance: each resumes at the round that failed.")]
        public bool RetryFailed { get; init; }

        public override ValidationResult Validate()
        {
            if (Port is < 1 or > 65535) return ValidationResult.Error("--port must be 1..65535");
            if (NodeNetworkOptions.Problem(PublicHost, PublicPort) is { } network) return ValidationResult.Error(network);
            if (Slots < 0) return ValidationResult.Error("--slots must be 0 or more");
            if (CliDevice.MaxBatchProblem(MaxBatch) is { } maxBatchProblem) return ValidationResult.Error(maxBatchProblem);
            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var signals = new ShutdownSignals();
        var config = settings.LoadConfig();
        if (settings.Slots > 0) CliDevice.Validate(settings.Device);
        var datasets = CliTrainingModels.Datasets(config.DataDir, config.OwnDatasets, config.OriginalArraysDir);
        SweepRunner.Preload(config, datasets);
        var roles = settings.Slots > 0
            ? new[] { NodeOptions.CoordinatorRole, NodeOptions.TrainerRole, NodeOptions.DeviceRole(settings.Device) }
            : [NodeOptions.CoordinatorRole];
        var tls = TlsSettings.Resolve(settings.Host, settings.TlsCertificate, settings.TlsPasswordFile, settings.Insecure, _io);
        var options = new NodeOptions(settings.Host, settings.Port, [], roles) { PublicHost = settings.PublicHost, PublicPort = settings.PublicPort, Tls = tls };
        // The seed joins itself under the address the workers use.
        string self = $"akka.tcp://{NodeOptions.SystemName}@{options.AdvertisedHost}:{settings.PublicPort ?? settings.Port}";
        await using var dashboard = await CliDashboard.StartAsync(settings, config.Name, _io);
        await using var node = SweepRunner.StartNode(options with { SeedNodes = [self] }, config);
        _io.Out.WriteLine($"seed node {node.Address}: sweep {config.Name}, {SweepGrid.Expand(config).Count} cells, results in {config.SweepDir}");
        _io.Out.WriteLine($"start trainers with: activelab worker --seed {self} --slots N" + (tls is null ? "" : " --tls-certificate <the same certificate>")
            + (config.Datasets.Any(config.IsOwnDataset) || config.OriginalArraysDir is not null ? " --datasets-config <this config>" : ""));
        _io.Out.Flush();
        var console = new SweepConsole(_io.Out);
        var (listener, outcome) = node.Listen(console.Progress);
        node.StartCoordinator(config, datasets, listener, new SweepCoordinator.Options(settings.AddNewCells, settings.RetryFailed));
        dashboard?.Attach(node, config, console.Pace);
        if (settings.Slots > 0)
            node.StartTrainer(node.CoordinatorProxy(), new TrainingJobExecutor(datasets, new CliTrainingModels(settings.Device), node.Address),
                settings.Slots, config.HeartbeatInterval, CliDevice.Batching(settings.MaxBatch, config.MaxBatch, config.FillWait, settings.Device));
        var result = await SweepRunner.WaitAsync(outcome, node, signals);
        if (dashboard is not null) await dashboard.RefreshAsync();
        // Workers learn that the sweep is complete from the coordinator (with their next heartbeat at the latest);
        // staying one worker heartbeat longer lets a worker that was between two heartbeats hear it and exit 0.
        if (result is SweepCompleted)
            await Task.WhenAny(Task.Delay(WorkerCommand.WorkerHeartbeat + TimeSpan.FromSeconds(1)), Task.Delay(Timeout.Infinite, signals.Token));
        return SweepRunner.Report(_io, result, config.SweepDir, signals);
    }
}
