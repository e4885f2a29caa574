using System.Collections.Concurrent;
using ActiveLab.Data;

namespace ActiveLab.Cluster.Training;

/// <summary>
/// Loads each benchmark once per process (thread-safe) from this node's data dir. Coordinator and workers each have
/// one; a worker never receives features over the network. <paramref name="prepare"/> lets the host attach features
/// a benchmark does not carry itself (image embeddings for CIFAR-10H) before it is used.
/// </summary>
public sealed class DatasetRegistry(string dataDir, Func<BenchmarkData, string, BenchmarkData>? prepare = null)
{
    private readonly ConcurrentDictionary<(string, ulong?), Lazy<LoadedDataset>> _cache = new();

    public string DataDir { get; } = dataDir;

    /// <summary>The benchmark <paramref name="name"/> built with <paramref name="seed"/> (null = the spec's SEED).</summary>
    public LoadedDataset Get(string name, ulong? seed) =>
        _cache.GetOrAdd((name, seed), key => new Lazy<LoadedDataset>(
            () =>
            {
                var data = BenchmarkCatalog.Build(key.Item1, new DataSettings(DataDir, key.Item2));
                return new LoadedDataset(prepare is null ? data : prepare(data, DataDir));
            })).Value;
}
