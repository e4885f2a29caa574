using ActiveLab.Cli.Commands;
using ActiveLab.Cluster.Sweeps;
using Spectre.Console.Cli;

namespace ActiveLab.Cli;

/// <summary>Entry point of the <c>activelab</c> command-line tool.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>
    /// Runs the tool in-process and returns its exit code. Tests pass their own writers; with none, the process's
    /// console is used.
    /// </summary>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var io = new CliIo(stdout ?? Console.Out, stderr ?? Console.Error);
        try
        {
            // Precedence: command-line flag, then its environment variable, then the config file, then the default.
            args = EnvironmentArguments.Merge(args, ConfigEnvironment.Current(), SettingsTypes);
        }
        catch (CliInputException e)
        {
            io.WriteError(e.Message);
            return ExitCodes.BadInput;
        }
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("activelab");
            config.UseStrictParsing();
            if (stdout is not null) config.ConfigureConsole(io.CreatePlainConsole());
            config.Settings.Registrar.RegisterInstance(io);
            config.SetExceptionHandler((exception, _) => HandleException(io, exception, args));
            RegisterCommands(config);
        });
        return app.Run(args);
    }

    /// <summary>Settings type of each command path ("score", "bench train"), for messages about option values.</summary>
    internal static readonly Dictionary<string, Type> SettingsTypes = new()
    {
        ["score"] = typeof(ScoreCommand.Settings),
        ["run"] = SettingsTypeOf(typeof(RunCommand)),
        ["seed"] = SettingsTypeOf(typeof(SeedCommand)),
        ["worker"] = SettingsTypeOf(typeof(WorkerCommand)),
        ["status"] = SettingsTypeOf(typeof(StatusCommand)),
        ["report"] = typeof(ReportCommand.Settings),
        ["dataset"] = typeof(DatasetCommand.Settings),
        ["bench train"] = typeof(BenchTrainCommand.Settings),
        ["bench batch"] = typeof(BenchBatchCommand.Settings),
    };

    /// <summary>The <c>TSettings</c> of a <c>Command&lt;TSettings&gt;</c> / <c>AsyncCommand&lt;TSettings&gt;</c>.</summary>
    private static Type SettingsTypeOf(Type command)
    {
        for (Type? t = command; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
                return settings;
        throw new InvalidOperationException($"{command.Name} is not a command with settings");
    }

    /// <summary>The verbs of the tool, one line each.</summary>
    private static void RegisterCommands(IConfigurator config)
    {
        config.AddCommand<ScoreCommand>("score")
            .WithDescription(ScoreCommand.Description)
            .WithExample("score", "--labels", "L.csv", "--pred-probs", "P.csv", "--unlabeled-pred-probs", "Q.csv", "--out", "S.csv");
        config.AddCommand<RunCommand>("run")
            .WithDescription(RunCommand.Description)
            .WithExample("run", "--config", "config/quickstart.conf");
        config.AddCommand<SeedCommand>("seed")
            .WithDescription(SeedCommand.Description)
            .WithExample("seed", "--config", "config/wall-robot-mlp.conf", "--port", "4053");
        config.AddCommand<WorkerCommand>("worker")
            .WithDescription(WorkerCommand.Description)
            .WithExample("worker", "--seed", "akka.tcp://activelab@HOST:4053", "--slots", "2");
        config.AddCommand<StatusCommand>("status")
            .WithDescription(StatusCommand.Description)
            .WithExample("status", "--config", "config/quickstart.conf");
        config.AddCommand<ReportCommand>("report")
            .WithDescription(ReportCommand.Description)
            .WithExample("report", "--results", "results/wall-robot-et", "--out", "report/");
        config.AddCommand<DatasetCommand>("dataset")
            .WithDescription(DatasetCommand.Description)
            .WithExample("dataset", "--name", "wall-robot", "--json");
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks that size a study.");
            bench.AddCommand<BenchTrainCommand>("train")
                .WithDescription(BenchTrainCommand.Description)
                .WithExample("bench", "train", "--model", "mlp", "--dataset", "wall-robot", "--rows", "2000", "--json");
            bench.AddCommand<BenchBatchCommand>("batch")
                .WithDescription(BenchBatchCommand.Description)
                .WithExample("bench", "batch", "--members", "1,8,64,256", "--device", "cuda", "--epochs", "20");
        });
    }

    /// <summary>Errors that reach the app (bad arguments, unexpected failures) become one <c>error:</c> line.</summary>
    private static int HandleException(CliIo io, Exception exception, string[] args)
    {
        switch (exception)
        {
            case CommandAppException when OptionValueErrors.Describe(exception, args, p => SettingsTypes.GetValueOrDefault(p)) is { } message:
                io.WriteError(message);
                return ExitCodes.BadInput;
            case CommandAppException:
            case CliInputException:
            case ActiveLab.Cluster.Hosting.SweepLockedException:
            case ActiveLab.Cluster.Hosting.NodeStartException:
                io.WriteError(exception.Message);
                return ExitCodes.BadInput;
            default:
                io.WriteError($"unexpected {exception.GetType().Name}: {exception.Message}");
                return ExitCodes.Failure;
        }
    }
}
