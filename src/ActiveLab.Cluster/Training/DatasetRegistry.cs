using System.Collections.Concurrent;
using ActiveLab.Data;

namespace ActiveLab.Cluster.Training;

/// <summary>
/// Loads each benchmark once per process (thread-safe) from this node's data dir. Coordinator and workers each have
/// one; a worker never receives features over the network.
/// </summary>
public sealed class DatasetRegistry(string dataDir)
{
    private readonly ConcurrentDictionary<(string, ulong?), Lazy<LoadedDataset>> _cache = new();

    public string DataDir { get; } = dataDir;

    /// <summary>The benchmark <paramref name="name"/> built with <paramref name="seed"/> (null = the spec's SEED).</summary>
    public LoadedDataset Get(string name, ulong? seed) =>
        _cache.GetOrAdd((name, seed), key => new Lazy<LoadedDataset>(
            () => new LoadedDataset(BenchmarkCatalog.Build(key.Item1, new DataSettings(DataDir, key.Item2))))).Value;
}
