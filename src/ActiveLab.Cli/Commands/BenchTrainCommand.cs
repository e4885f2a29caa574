using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Data;
using ActiveLab.Models;
using ActiveLab.Models.CrossValidation;
using ActiveLab.Models.Torch;
using ActiveLab.Models.Vision;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Commands;

/// <summary>
/// <c>activelab bench train</c>: one cross-validated training on the first N training rows of a benchmark, with their
/// true labels; prints wall seconds and the mean fold test accuracy — to size a study and compare machines.
/// </summary>
public sealed class BenchTrainCommand : Command<BenchTrainCommand.Settings>
{
    public const string Description =
        "Run one cross-validated training (stratified folds, out-of-fold + test predictions) on the first N training " +
        "rows of a benchmark with their true labels, and print wall seconds and mean fold test accuracy.";

    private readonly CliIo _io;

    public BenchTrainCommand(CliIo io) => _io = io;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <MODEL>")]
        [Description("Required. mlp (C# kernel), et (extra-trees), knn, mlp-torch (TorchSharp; CPU or CUDA), or resnet18-head (cifar-10h: cached ResNet-18 features + TorchSharp head).")]
        public string? Model { get; init; }

        [CommandOption("--dataset <BENCHMARK>")]
        [Description("Benchmark whose training rows are used (default wall-robot; cifar-10h with resnet18-head).")]
        public string Dataset { get; init; } = "wall-robot";

        [CommandOption("--rows <N>")]
        [Description("Use the first N training rows (labeled then unlabeled pool; for Wall Robot the 2000-row training split). Default: all.")]
        public int? Rows { get; init; }

        [CommandOption("--folds <K>")]
        [Description("Number of folds (default 5).")]
        public int Folds { get; init; } = 5;

        [CommandOption("--device <DEVICE>")]
        [Description("cpu (default), cuda, cuda:N or auto. Only mlp-torch runs on CUDA; the C# models run on CPU.")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--threads <T>")]
        [Description("Folds trained in parallel (default 1). Results do not depend on it.")]
        public int Threads { get; init; } = 1;

        [CommandOption("--seed <S>")]
        [Description("Seed of the folds and models (default 0).")]
        public ulong Seed { get; init; }

        [CommandOption("--data-dir <DIR>")]
        [Description("Data directory (default: $ACTIVELAB_DATA_DIR, else ./data).")]
        public string? DataDir { get; init; }

        [CommandOption("--json")]
        [Description("Print one JSON object: seconds, accuracy, device, rows, folds.")]
        public bool Json { get; init; }

        public override Spectre.Console.ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Model)) return Spectre.Console.ValidationResult.Error("--model is required");
            if (Folds < 2) return Spectre.Console.ValidationResult.Error("--folds must be 2 or more");
            if (Rows is < 2) return Spectre.Console.ValidationResult.Error("--rows must be 2 or more");
            if (Threads < 1) return Spectre.Console.ValidationResult.Error("--threads must be 1 or more");
            bool torchModel = Model is "mlp-torch" or "resnet18-head";
            if (!torchModel && !string.Equals(Device, "cpu", StringComparison.OrdinalIgnoreCase))
                return Spectre.Console.ValidationResult.Error($"--device {Device}: the {Model} model runs on CPU only; use --model mlp-torch for CUDA");
            return Spectre.Console.ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IClassifierFactory factory;
        BenchmarkData data;
        try
        {
            factory = settings.Model switch
            {
                "mlp-torch" => new TorchMlpClassifierFactory(settings: TorchSettingsFor(settings)),
                "resnet18-head" => new ImageHeadClassifierFactory(settings: TorchSettingsFor(settings)),
                _ => ClassifierCatalog.Create(settings.Model!),
            };
            string dataDir = DataDirectory.Resolve(settings.DataDir);
            data = BenchmarkCatalog.Build(settings.Dataset, new DataSettings(dataDir));
            if (data.IsImageBenchmark) data = data.WithImageFeatures(dataDir, ActiveLab.Cli.Sweeps.CliTrainingModels.CacheDir);
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or FileNotFoundException or DirectoryNotFoundException
                                   or TorchDeviceUnavailableException or TorchLoadException)
        {
            throw new CliInputException(e.Message);
        }
        if (data.Labeled.Features is null || data.Test.Features is null)
            throw new CliInputException($"{data.Name} has no tabular features; image benchmarks need the image model (not available yet)");

        var x = data.Unlabeled.Count > 0 ? data.Labeled.Features.AppendRows(data.Unlabeled.Features!) : data.Labeled.Features;
        var y = data.Labeled.TrueLabels.Concat(data.Unlabeled.TrueLabels).ToArray();
        int rows = Math.Min(settings.Rows ?? x.Rows, x.Rows);
        var take = Enumerable.Range(0, rows).ToArray();
        var xTrain = x.SelectRows(take);
        var yTrain = y[..rows];

        var key = new StreamKey(settings.Seed, data.Name, "bench", 0, StreamKey.RunLevelRound, factory.Name);
        // CIFAR-10H uses sklearn's unshuffled folds without missing-class handling (spec §2.4.3).
        var options = data.IsImageBenchmark
            ? new CrossValidationOptions(settings.Folds, Shuffle: false, DuplicateMissingClasses: false, MaxDegreeOfParallelism: settings.Threads)
            : new CrossValidationOptions(settings.Folds, MaxDegreeOfParallelism: settings.Threads);
        var sw = Stopwatch.StartNew();
        var result = CrossValidatedTrainer.Run(factory, xTrain, yTrain, new Matrix(0, xTrain.Columns), data.Test.Features,
            data.Test.TrueLabels, data.NumClasses, key, options);
        double seconds = sw.Elapsed.TotalSeconds;
        string device = factory is TorchMlpClassifierFactory or ImageHeadClassifierFactory ? TorchDevice.Resolve(TorchSettingsFor(settings).DeviceRequest).ToString() : "cpu";

        if (settings.Json)
        {
            var json = new JsonObject
            {
                ["seconds"] = seconds,
                ["accuracy"] = result.MeanFoldAccuracy,
                ["device"] = device,
                ["rows"] = rows,
                ["folds"] = settings.Folds,
                ["model"] = factory.Name,
                ["dataset"] = data.Name,
            };
            _io.Out.WriteLine(json.ToJsonString());
        }
        else
        {
            _io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{factory.Name} on {data.Name}: {rows} rows, {settings.Folds}-fold CV on {device} ({settings.Threads} thread(s)): {seconds:F3} s, mean fold test accuracy {result.MeanFoldAccuracy:F4}"));
        }
        return ExitCodes.Ok;
    }

    /// <summary>Torch settings for the requested device (loads libtorch first, so a missing CUDA is a clear error).</summary>
    private static TorchSettings TorchSettingsFor(Settings settings)
    {
        var torchSettings = new TorchSettings { Device = settings.Device, ThreadsPerSlot = 1 };
        torchSettings.Validate();
        TorchRuntime.EnsureLoaded();
        _ = TorchDevice.Resolve(torchSettings.DeviceRequest);
        return torchSettings;
    }
}
