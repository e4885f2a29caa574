using System.ComponentModel;
using ActiveLab.Cli.Sweeps;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Commands;

/// <summary>
/// <c>activelab worker</c>: a trainer node. Joins the seed, pulls as many jobs as it has slots, loads datasets from
/// its own data dir. Survives a coordinator crash by rejoining; exits when the seed node leaves after the sweep.
/// </summary>
public sealed class WorkerCommand : AsyncCommand<WorkerCommand.Settings>
{
    public const string Description =
        "Start a trainer node that joins the seed and trains jobs (one per slot at a time). Nodes may join and leave at " +
        "any time; a killed worker's jobs go back to the queue when their lease expires.";

    /// <summary>How often a worker renews its leases and asks for work. It does not know the sweep's lease-timeout, so
    /// it renews often enough for any lease of 4 s or more (the config requires lease-timeout ≥ 2 × heartbeat).</summary>
    public static readonly TimeSpan WorkerHeartbeat = TimeSpan.FromSeconds(2);

    private readonly CliIo _io;

    public WorkerCommand(CliIo io) => _io = io;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--seed <ADDRESS>")]
        [Description("Required. Seed node address, e.g. akka.tcp://activelab@10.0.0.5:4053.")]
        public string? Seed { get; init; }

        [CommandOption("--slots <N>")]
        [Description("Concurrent training jobs on this node (default: number of cores).")]
        public int? Slots { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("Torch device for mlp-torch jobs: auto (default), cpu, cuda, cuda:N (pins a GPU).")]
        public string Device { get; init; } = "auto";

        [CommandOption("--max-batch <N>")]
        [Description(CliDevice.MaxBatchHelp)]
        public int? MaxBatch { get; init; }

        [CommandOption("--data-dir <DIR>")]
        [Description("This node's data directory (default: $ACTIVELAB_DATA_DIR, else ./data). Must hold the same files as the seed's.")]
        public string? DataDir { get; init; }

        [CommandOption("--datasets-config <FILE>")]
        [Description("The sweep config, needed only when the sweep names datasets of its own, sets original-arrays or activelab.trainer: the worker reads activelab.datasets, activelab.sweep.original-arrays and activelab.trainer (nothing else) and builds the datasets as the coordinator does.")]
        public string? DatasetsConfig { get; init; }

        [CommandOption("--results-dir <DIR>")]
        [Description("Accepted for symmetry with run/seed; workers write no results.")]
        public string? ResultsDir { get; init; }

        [CommandOption("--host <HOST>")]
        [Description(NodeNetworkOptions.Host)]
        public string Host { get; init; } = "127.0.0.1";

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
        [Description("TCP port (default 0: any free port).")]
        public int Port { get; init; }

        [CommandOption("--seed-timeout <SECONDS>")]
        [Description("How long the worker keeps trying to reach a seed it cannot reach (at start, or after the seed stopped) before it exits with code 5 (default 300).")]
        public int SeedTimeout { get; init; } = 300;

        public override ValidationResult Validate()
        {
            if (SeedAddress.Check(Seed) is { } problem) return ValidationResult.Error(problem);
            if (Slots is < 1) return ValidationResult.Error("--slots must be 1 or more");
            if (CliDevice.MaxBatchProblem(MaxBatch) is { } maxBatchProblem) return ValidationResult.Error(maxBatchProblem);
            if (Port is < 0 or > 65535) return ValidationResult.Error($"--port must be 0..65535, got {Port}");
            if (NodeNetworkOptions.Problem(PublicHost, PublicPort) is { } network) return ValidationResult.Error(network);
            if (SeedTimeout < 1) return ValidationResult.Error("--seed-timeout must be at least 1 second");
            return ValidationResult.Success();
        }
    }

    /// <summary>The data sources (own datasets, original arrays) of the sweep config at <paramref name="path"/>.</summary>
    private static (IReadOnlyDictionary<string, ActiveLab.Data.OwnDatasetDefinition>? OwnDatasets, string? OriginalArraysDir) DataSourcesOf(string path)
    {
        try
        {
            return ActiveLab.Cluster.Sweeps.SweepConfig.LoadDataSources(path);
        }
        catch (ActiveLab.Cluster.Sweeps.SweepConfigException e)
        {
            throw new CliInputException(e.Message);
        }
    }

    /// <summary>--max-batch, else activelab.trainer from the environment (ACTIVELAB__TRAINER__…) or the --datasets-config
    /// file, else the device's default.</summary>
    private static TrainerBatching BatchingOf(Settings settings)
    {
        try
        {
            var (maxBatch, fillWait) = ActiveLab.Cluster.Sweeps.SweepConfig.LoadTrainerSettings(settings.DatasetsConfig, ActiveLab.Cluster.Sweeps.ConfigEnvironment.Current());
            return CliDevice.Batching(settings.MaxBatch, maxBatch, fillWait, settings.Device);
        }
        catch (ActiveLab.Cluster.Sweeps.SweepConfigException e)
        {
            throw new CliInputException(e.Message);
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var signals = new ShutdownSignals();
        CliDevice.Validate(settings.Device);
        int slots = settings.Slots ?? Environment.ProcessorCount;
        var batching = BatchingOf(settings);
        string dataDir = DataDirectory.Resolve(settings.DataDir);
        var sources = settings.DatasetsConfig is null ? default : DataSourcesOf(settings.DatasetsConfig);
        var datasets = CliTrainingModels.Datasets(dataDir, sources.OwnDatasets, sources.OriginalArraysDir);
        var seedTimeout = TimeSpan.FromSeconds(settings.SeedTimeout);
        var tls = TlsSettings.Resolve(settings.Host, settings.TlsCertificate, settings.TlsPasswordFile, settings.Insecure, _io);
        var lastContact = DateTime.UtcNow;
        var interrupted = Task.Delay(Timeout.Infinite, signals.Token);
        while (true)
        {
            var joinTimeout = TimeSpan.FromSeconds(Math.Clamp(settings.SeedTimeout, 5, 30));
            await using var node = SweepRunner.StartNode(
                new NodeOptions(settings.Host, settings.Port, [settings.Seed!], [NodeOptions.TrainerRole, NodeOptions.DeviceRole(settings.Device)])
                {
                    JoinTimeout = joinTimeout, PublicHost = settings.PublicHost, PublicPort = settings.PublicPort, Tls = tls,
                }, null);
            var end = new TaskCompletionSource<MembershipEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
            var membership = new MembershipLog();
            node.System.ActorOf(ClusterWatcher.Props(end, membership, TimeSpan.FromSeconds(10)), "watcher");
            node.StartTrainer(node.CoordinatorProxy(), new TrainingJobExecutor(datasets, new CliTrainingModels(settings.Device), node.Address),
                slots, WorkerHeartbeat, batching);
            _io.Out.WriteLine($"worker {node.Address}: {slots} slot(s){(batching.MaxBatch > 1 ? $" × batches of up to {batching.MaxBatch}" : "")}, data dir {datasets.DataDir}, joining {settings.Seed}");
            _io.Out.Flush();

            var first = await Task.WhenAny(end.Task, node.Watch.Health.Stopped, interrupted);
            if (membership.Joined) lastContact = DateTime.UtcNow;
            if (first == interrupted)
            {
                _io.Out.WriteLine($"interrupted ({signals.Signal}): handing back leases and leaving the cluster");
                await node.DrainTrainerAsync(TimeSpan.FromSeconds(5));
                return ExitCodes.Interrupted;
            }
            if (first == node.Watch.Health.Stopped && node.Watch.Health.Stopped.Result is { Kind: NodeStopKind.BadSetup } stop)
                return SweepRunner.ReportStop(_io, stop);
            if (first == end.Task && end.Task.Result == MembershipEnd.SweepOver)
            {
                _io.Out.WriteLine("the sweep is complete: worker exits");
                return ExitCodes.Ok;
            }
            if (DateTime.UtcNow - lastContact > seedTimeout)
            {
                _io.WriteError($"no seed node reachable at {settings.Seed} for {settings.SeedTimeout} s (--seed-timeout); is the seed running and is the address right?");
                return ExitCodes.Unavailable;
            }
            _io.Out.WriteLine(membership.Joined
                ? "lost the coordinator: rejoining with a fresh node"
                : $"could not join the seed at {settings.Seed} yet: retrying");
            _io.Out.Flush();
            if (await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(2)), interrupted) == interrupted)
            {
                _io.Out.WriteLine($"interrupted ({signals.Signal})");
                return ExitCodes.Interrupted;
            }
        }
    }
}
