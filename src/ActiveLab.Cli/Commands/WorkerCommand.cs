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

        [CommandOption("--data-dir <DIR>")]
        [Description("This node's data directory (default: $ACTIVELAB_DATA_DIR, else ./data). Must hold the same files as the seed's.")]
        public string? DataDir { get; init; }

        [CommandOption("--results-dir <DIR>")]
        [Description("Accepted for symmetry with run/seed; workers write no results.")]
        public string? ResultsDir { get; init; }

        [CommandOption("--host <HOST>")]
        [Description("Address to bind and advertise (default 127.0.0.1).")]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("--port <PORT>")]
        [Description("TCP port (default 0: any free port).")]
        public int Port { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Seed) || !Seed.StartsWith("akka.tcp://", StringComparison.Ordinal))
                return ValidationResult.Error("--seed must be a seed node address like akka.tcp://activelab@HOST:4053");
            if (Slots is < 1) return ValidationResult.Error("--slots must be 1 or more");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        int slots = settings.Slots ?? Environment.ProcessorCount;
        var datasets = CliTrainingModels.Datasets(DataDirectory.Resolve(settings.DataDir));
        using var interrupted = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupted.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            while (true)
            {
                await using var node = SweepNode.Start(new NodeOptions(settings.Host, settings.Port, [settings.Seed!], [NodeOptions.TrainerRole]), null);
                var end = new TaskCompletionSource<MembershipEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
                node.System.ActorOf(ClusterWatcher.Props(end, TimeSpan.FromSeconds(10)), "watcher");
                node.StartTrainer(node.CoordinatorProxy(), new TrainingJobExecutor(datasets, new CliTrainingModels(settings.Device), node.Address),
                    slots, TimeSpan.FromSeconds(5));
                _io.Out.WriteLine($"worker {node.Address}: {slots} slot(s), data dir {datasets.DataDir}, joining {settings.Seed}");
                _io.Out.Flush();
                try
                {
                    var why = await end.Task.WaitAsync(interrupted.Token);
                    if (why == MembershipEnd.CoordinatorLeft)
                    {
                        _io.Out.WriteLine("the seed node left: sweep over, worker exits");
                        return ExitCodes.Ok;
                    }
                    _io.Out.WriteLine("lost the coordinator: rejoining with a fresh node");
                }
                catch (OperationCanceledException)
                {
                    _io.Out.WriteLine("interrupted");
                    return ExitCodes.Interrupted;
                }
                await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
