using System.ComponentModel;
using System.Globalization;
using ActiveLab.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Commands;

/// <summary>
/// <c>activelab dataset</c>: builds a benchmark's pools and prints their sizes and the round-0 diagnostics the spec
/// lists (label-count histogram, annotator accuracy, majority-vote accuracy) — what a user needs to size a study.
/// </summary>
public sealed class DatasetCommand : Command<DatasetCommand.Settings>
{
    public const string Description =
        "Build a benchmark's labeled / unlabeled / test pools and print sizes, classes, the label-count histogram, " +
        "annotator accuracy (min/mean/max) and majority-vote accuracy of the initial labels.";

    private readonly CliIo _io;

    public DatasetCommand(CliIo io) => _io = io;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--name <BENCHMARK>")]
        [Description("Required. wall-robot, wall-robot-complete, single-vs-multiannotator/<tau>, single-annotator, cifar-10h, or a dataset of your own declared in --config.")]
        public string? Name { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("Sweep config: its own datasets (activelab.datasets), data-dir, dataset-seed and original-arrays apply (--data-dir, --seed and --original-arrays override them).")]
        public string? Config { get; init; }

        [CommandOption("--data-dir <DIR>")]
        [Description("Data directory (default: $ACTIVELAB_DATA_DIR, else ./data).")]
        public string? DataDir { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed of the dataset-construction streams (default: the spec's SEED of the benchmark).")]
        public ulong? Seed { get; init; }

        [CommandOption("--original-arrays <DIR>")]
        [Description("Folder with the paper's original .npy arrays; loads them instead of regenerating the pools.")]
        public string? OriginalArrays { get; init; }

        [CommandOption("--json")]
        [Description("Print one JSON object (labeled, unlabeled, test, classes, label_count_histogram, annotator_accuracy, majority_vote_accuracy).")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Name) ? ValidationResult.Error("--name is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = LoadConfig(settings);
        string dataDir = settings.DataDir is null && config is not null ? config.DataDir : DataDirectory.Resolve(settings.DataDir);
        ulong? seed = settings.Seed ?? config?.DatasetSeed;
        BenchmarkData data;
        try
        {
            data = config is not null && config.OwnDatasets.TryGetValue(settings.Name!, out var own)
                ? OwnDataset.Build(own, dataDir, seed)
                : BenchmarkCatalog.Build(settings.Name!, new DataSettings(dataDir, seed, settings.OriginalArrays ?? config?.OriginalArraysDir));
        }
        catch (UnknownBenchmarkException e) when (config is not null)
        {
            throw new CliInputException($"{e.Message}; datasets of your own in {settings.Config}: " +
                (config.OwnDatasets.Count == 0 ? "none" : string.Join(", ", config.OwnDatasets.Keys)));
        }
        catch (Exception e) when (e is UnknownBenchmarkException or DataFormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliInputException(e.Message);
        }
        var summary = DatasetSummary.Of(data);
        if (settings.Json)
        {
            _io.Out.WriteLine(summary.ToJsonString());
            return ExitCodes.Ok;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_io.Out), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var table = new Table().Border(TableBorder.Simple).Title($"{data.Name} (seed {data.Seed})");
        table.AddColumn("quantity");
        table.AddColumn(new TableColumn("value"));
        string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.000", CultureInfo.InvariantCulture);
        table.AddRow("labeled / unlabeled / test", $"{summary.Labeled} / {summary.Unlabeled} / {summary.Test}");
        table.AddRow("classes", $"{summary.Classes} ({string.Join(", ", data.ClassNames)})");
        table.AddRow("initial labels / annotator columns", $"{summary.Labels} / {summary.Annotators}");
        table.AddRow("labels per example → examples", string.Join(", ", summary.LabelCountHistogram.Select(kv => $"{kv.Key}: {kv.Value}")));
        table.AddRow("annotator accuracy min / mean / max",
            $"{F(summary.AnnotatorAccuracy.Min)} / {F(summary.AnnotatorAccuracy.Mean)} / {F(summary.AnnotatorAccuracy.Max)}");
        table.AddRow("majority-vote accuracy", F(summary.MajorityVoteAccuracy));
        console.Write(table);
        _io.Out.WriteLine(data.Provenance);
        return ExitCodes.Ok;
    }

    /// <summary>The sweep config named by --config (the --data-dir override applied), or null.</summary>
    private static ActiveLab.Cluster.Sweeps.SweepConfig? LoadConfig(Settings settings)
    {
        if (settings.Config is null) return null;
        try
        {
            return ActiveLab.Cluster.Sweeps.SweepConfig.Load(settings.Config, settings.DataDir is null ? null : Path.GetFullPath(settings.DataDir),
                environment: ActiveLab.Cluster.Sweeps.ConfigEnvironment.Current());
        }
        catch (ActiveLab.Cluster.Sweeps.SweepConfigException e)
        {
            throw new CliInputException(e.Message);
        }
    }
}
