using ActiveLab.Cluster.Training;
using ActiveLab.Models;
using ActiveLab.Models.Torch;
using ActiveLab.Models.Vision;

namespace ActiveLab.Cli.Sweeps;

/// <summary>The models a node of this program can train: the C# models plus the TorchSharp MLP on the node's device.</summary>
internal sealed class CliTrainingModels(string device) : DefaultTrainingModels
{
    /// <summary>Where image features are cached: $ACTIVELAB_CACHE_DIR, else &lt;data-dir&gt;/cache.</summary>
    public static string? CacheDir => Environment.GetEnvironmentVariable("ACTIVELAB_CACHE_DIR") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;

    /// <summary>The dataset registry of a node of this program: image benchmarks get their cached ResNet-18 features;
    /// <paramref name="ownDatasets"/> and <paramref name="originalArraysDir"/> are the sweep config's data sources (none for a
    /// worker started without --datasets-config).</summary>
    public static ActiveLab.Cluster.Training.DatasetRegistry Datasets(string dataDir,
        IReadOnlyDictionary<string, ActiveLab.Data.OwnDatasetDefinition>? ownDatasets = null, string? originalArraysDir = null) =>
        new(dataDir, (data, dir) => data.IsImageBenchmark ? data.WithImageFeatures(dir, CacheDir) : data, ownDatasets, originalArraysDir);

    public override IClassifierFactory Create(string model) => model switch
    {
        "mlp-torch" => new TorchMlpClassifierFactory(settings: new TorchSettings { Device = device, ThreadsPerSlot = 1 }),
        "resnet18-head" => new ImageHeadClassifierFactory(settings: new TorchSettings { Device = device, ThreadsPerSlot = 1 }),
        _ => base.Create(model),
    };
}
