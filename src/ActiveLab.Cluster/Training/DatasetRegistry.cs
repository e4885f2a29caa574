using System.Collections.Concurrent;
using ActiveLab.Data;

namespace ActiveLab.Cluster.Training;

/// <summary>
/// Loads each dataset once per process (thread-safe) from this node's data dir: a benchmark by name, or one of the
/// user's own datasets (<paramref name="ownDatasets"/>, from the sweep config's <c>activelab.datasets</c>). Coordinator
/// and workers each have one; a worker never receives features over the network. <paramref name="prepare"/> lets the
/// host attach features a benchmark does not carry itself (image embeddings for CIFAR-10H) before it is used.
/// </summary>
public sealed class DatasetRegistry(string dataDir, Func<BenchmarkData, string, BenchmarkData>? prepare = null,
    IReadOnlyDictionary<string, OwnDatasetDefinition>? ownDatasets = null, string? originalArraysDir = null)
{
    private readonly ConcurrentDictionary<(string, ulong?), Lazy<LoadedDataset>> _cache = new();

    public string DataDir { get; } = dataDir;

    /// <summary>The user's own datasets this registry can build, by name.</summary>
    /// <summary>Folder of the paper's original arrays the benchmarks load instead of regenerating, or null.</summary>
    public string? OriginalArraysDir { get; } = originalArraysDir;

    public IReadOnlyDictionary<string, OwnDatasetDefinition> OwnDatasets { get; } = ownDatasets ?? new Dictionary<string, OwnDatasetDefinition>();

    /// <summary>The dataset <paramref name="name"/> built with <paramref name="seed"/> (null = the spec's SEED of a
    /// benchmark, <see cref="OwnDataset.DefaultSeed"/> of an own dataset).</summary>
    public LoadedDataset Get(string name, ulong? seed) =>
        _cache.GetOrAdd((name, seed), key => new Lazy<LoadedDataset>(
            () =>
            {
                if (OwnDatasets.TryGetValue(key.Item1, out var own))
                    // The files' content hash joins the fingerprint, so nodes whose files differ anywhere disagree.
                    return new LoadedDataset(OwnDataset.Build(own, DataDir, key.Item2), OwnDataset.ContentHash(own, DataDir));
                var data = BenchmarkCatalog.Build(key.Item1, new DataSettings(DataDir, key.Item2, OriginalArraysDir));
                return new LoadedDataset(prepare is null ? data : prepare(data, DataDir));
            })).Value;
}
