using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ActiveLab.Core.Randomness;
using ActiveLab.Data;
using ActiveLab.Models;
using ActiveLab.Models.Torch;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Commands;

/// <summary>
/// <c>activelab bench batch</c>: how batched training scales — B MLPs (the sweep's 4→100→4 Wall Robot network, each
/// with its own generator) trained together by the TorchSharp batch trainer for a fixed number of epochs, for each B
/// asked; prints Adam steps per second per member and in all. The curve shows where the per-step overhead ends (on a
/// GPU, where one network is launch-bound). For reference, the C# kernel's steps/s for one network on one core.
/// </summary>
public sealed class BenchBatchCommand : Command<BenchBatchCommand.Settings>
{
    public const string Description =
        "Train B MLPs at once (TorchSharp batch trainer) for a fixed number of epochs, for each B in --members, and print " +
        "Adam steps per second per member and in all (plus the C# kernel's, one network on one core).";

    private readonly CliIo _io;

    public BenchBatchCommand(CliIo io) => _io = io;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--members <LIST>")]
        [Description("Batch sizes to time, comma-separated (default 1,8,64,256,1024).")]
        public string Members { get; init; } = "1,8,64,256,1024";

        [CommandOption("--device <DEVICE>")]
        [Description("cpu (default), cuda, cuda:N or auto.")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--rows <N>")]
        [Description("Training rows per member: the first N Wall Robot training rows (default 1600, a fold of 2000).")]
        public int Rows { get; init; } = 1600;

        [CommandOption("--epochs <E>")]
        [Description("Epochs per member (default 20; the stopping rule is off, so every member runs them all).")]
        public int Epochs { get; init; } = 20;

        [CommandOption("--precision <P>")]
        [Description("float64 (default, as sklearn) or float32.")]
        public string Precision { get; init; } = "float64";

        [CommandOption("--data-dir <DIR>")]
        [Description("Data directory (default: $ACTIVELAB_DATA_DIR, else ./data).")]
        public string? DataDir { get; init; }

        [CommandOption("--json")]
        [Description("Print one JSON object per line and batch size.")]
        public bool Json { get; init; }

        public override Spectre.Console.ValidationResult Validate()
        {
            if (ParseMembers(Members) is null) return Spectre.Console.ValidationResult.Error($"--members '{Members}' is not a list of sizes 1..4096, e.g. 1,8,64");
            if (Rows < 2) return Spectre.Console.ValidationResult.Error("--rows must be 2 or more");
            if (Epochs is < 1 or > 500) return Spectre.Console.ValidationResult.Error("--epochs must be between 1 and 500");
            if (Precision is not ("float64" or "float32")) return Spectre.Console.ValidationResult.Error($"--precision must be float64 or float32, got '{Precision}'");
            return Spectre.Console.ValidationResult.Success();
        }
    }

    internal static int[]? ParseMembers(string text)
    {
        var sizes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int b) || b is < 1 or > 4096) return null;
            sizes.Add(b);
        }
        return sizes.Count == 0 ? null : [.. sizes];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        BenchmarkData data;
        TorchSettings torch;
        try
        {
            data = BenchmarkCatalog.Build("wall-robot", new DataSettings(DataDirectory.Resolve(settings.DataDir)));
            torch = new TorchSettings { Device = settings.Device, ThreadsPerSlot = 1 };
            torch.Validate();
            TorchRuntime.EnsureLoaded();
            _ = TorchDevice.Resolve(torch.DeviceRequest);
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or FileNotFoundException or DirectoryNotFoundException
                                   or TorchDeviceUnavailableException or TorchLoadException)
        {
            throw new CliInputException(e.Message);
        }
        var x = data.Labeled.Features!.AppendRows(data.Unlabeled.Features!);
        var y = data.Labeled.TrueLabels.Concat(data.Unlabeled.TrueLabels).ToArray();
        int rows = Math.Min(settings.Rows, x.Rows);
        var xs = x.SelectRows([.. Enumerable.Range(0, rows)]);
        var ys = y[..rows];
        var options = new MlpOptions
        {
            MaxEpochs = settings.Epochs,
            NoImprovementEpochs = settings.Epochs,   // never stops early: every member runs every epoch
            Precision = settings.Precision == "float32" ? MlpPrecision.Float32 : MlpPrecision.Float64,
        };
        var factory = new TorchMlpClassifierFactory(options, torch);
        int stepsPerEpoch = (rows + options.BatchSize - 1) / options.BatchSize;
        long memberSteps = (long)settings.Epochs * stepsPerEpoch;
        string device = TorchDevice.Resolve(torch.DeviceRequest).ToString();

        ClassifierTrainingJob[] Jobs(int count) =>
            [.. Enumerable.Range(0, count).Select(i => new ClassifierTrainingJob(xs, ys, data.NumClasses, new Rng((ulong)(1000 + i))))];
        factory.FitModels(Jobs(2));   // warm-up: libtorch kernels, JIT

        // The C# kernel for reference: 200+ epochs after two warm-up fits, so that its JIT tiers are settled (a 10-epoch
        // fit would time mostly tier-0 code).
        int csharpEpochs = Math.Max(settings.Epochs, 200);
        var csharp = new MlpClassifierFactory(options with { MaxEpochs = csharpEpochs, NoImprovementEpochs = csharpEpochs });
        csharp.Fit(xs, ys, data.NumClasses, new Rng(1));
        csharp.Fit(xs, ys, data.NumClasses, new Rng(2));
        var sw = Stopwatch.StartNew();
        csharp.Fit(xs, ys, data.NumClasses, new Rng(3));
        Report("mlp (C# kernel)", "cpu", 1, sw.Elapsed.TotalSeconds, (long)csharpEpochs * stepsPerEpoch);

        foreach (int members in ParseMembers(settings.Members)!)
        {
            var jobs = Jobs(members);
            sw.Restart();
            factory.FitModels(jobs);
            Report("mlp-torch (batched)", device, members, sw.Elapsed.TotalSeconds, memberSteps);
        }
        return ExitCodes.Ok;

        void Report(string model, string on, int members, double seconds, long steps)
        {
            double perMember = steps / seconds;
            if (settings.Json)
            {
                _io.Out.WriteLine(new JsonObject
                {
                    ["model"] = model, ["device"] = on, ["members"] = members, ["seconds"] = seconds,
                    ["steps_per_second_per_member"] = perMember, ["steps_per_second"] = perMember * members,
                    ["rows"] = rows, ["epochs"] = steps / stepsPerEpoch, ["precision"] = settings.Precision,
                }.ToJsonString());
            }
            else
            {
                _io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{model,-20} {on,-8} members {members,5}: {seconds,8:F2} s, {perMember,9:F0} steps/s per member, {perMember * members,10:F0} steps/s in all"));
            }
        }
    }
}
