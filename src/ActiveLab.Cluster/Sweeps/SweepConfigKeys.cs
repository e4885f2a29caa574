namespace ActiveLab.Cluster.Sweeps;

/// <summary>One setting of a sweep config, e.g. <c>activelab.sweep.rounds</c>.</summary>
public sealed record ConfigKey(ConfigSection Section, string Name)
{
    /// <summary>The full HOCON path, e.g. <c>activelab.cluster.max-attempts</c>.</summary>
    public string Path => $"{Section.Path}.{Name}";

    public override string ToString() => Path;
}

/// <summary>A section under <c>activelab</c> and the keys it may hold; keys are added only by <see cref="Add"/>.</summary>
public sealed class ConfigSection(string name)
{
    private readonly List<ConfigKey> _keys = [];

    /// <summary>The name under <c>activelab</c>, e.g. <c>sweep</c>.</summary>
    public string Name => name;

    public string Path => $"activelab.{name}";

    public IReadOnlyList<ConfigKey> Keys => _keys;

    internal ConfigKey Add(string key)
    {
        var k = new ConfigKey(this, key);
        _keys.Add(k);
        return k;
    }

    public override string ToString() => Path;
}

/// <summary>
/// Every key a sweep config may hold. This is the one list: <see cref="SweepConfig.Parse"/> reads values only through
/// these <see cref="ConfigKey"/>s and refuses any key of an <c>activelab</c> section that is not declared here, so a new
/// setting is one line below plus its read in <c>Parse</c>. <c>config/quickstart.conf</c> documents each of them (a test
/// checks it).
/// </summary>
public static class SweepConfigKeys
{
    // Sections first: static fields initialise in textual order.
    public static readonly ConfigSection Sweep = new("sweep");
    public static readonly ConfigSection Cluster = new("cluster");
    public static readonly ConfigSection Persistence = new("persistence");
    public static readonly ConfigSection TrainerSection = new("trainer");

    public static readonly IReadOnlyList<ConfigSection> Sections = [Sweep, Cluster, Persistence, TrainerSection];

    public static readonly ConfigKey Name = Sweep.Add("name");
    public static readonly ConfigKey Seed = Sweep.Add("seed");
    public static readonly ConfigKey Datasets = Sweep.Add("datasets");
    public static readonly ConfigKey Methods = Sweep.Add("methods");
    public static readonly ConfigKey Models = Sweep.Add("models");
    public static readonly ConfigKey EnsembleMembers = Sweep.Add("ensemble-members");
    public static readonly ConfigKey Repeats = Sweep.Add("repeats");
    public static readonly ConfigKey Rounds = Sweep.Add("rounds");
    public static readonly ConfigKey BatchSize = Sweep.Add("batch-size");
    public static readonly ConfigKey Folds = Sweep.Add("folds");
    public static readonly ConfigKey DatasetSeed = Sweep.Add("dataset-seed");
    public static readonly ConfigKey OriginalArrays = Sweep.Add("original-arrays");
    public static readonly ConfigKey RowWeightBug = Sweep.Add("row-weight-bug");
    public static readonly ConfigKey Trainer = Sweep.Add("trainer");
    public static readonly ConfigKey DataDir = Sweep.Add("data-dir");
    public static readonly ConfigKey ResultsDir = Sweep.Add("results-dir");

    public static readonly ConfigKey LeaseTimeout = Cluster.Add("lease-timeout");
    public static readonly ConfigKey MaxAttempts = Cluster.Add("max-attempts");
    public static readonly ConfigKey HeartbeatInterval = Cluster.Add("heartbeat-interval");
    public static readonly ConfigKey MaxActiveCells = Cluster.Add("max-active-cells");
    public static readonly ConfigKey MaxSlotsPerNode = Cluster.Add("max-slots-per-node");

    public static readonly ConfigKey Provider = Persistence.Add("provider");
    public static readonly ConfigKey ConnectionString = Persistence.Add("connection-string");
    public static readonly ConfigKey UnavailableTimeout = Persistence.Add("unavailable-timeout");
    public static readonly ConfigKey PasswordFile = Persistence.Add("password-file");

    public static readonly ConfigKey MaxBatch = TrainerSection.Add("max-batch");
    public static readonly ConfigKey FillWait = TrainerSection.Add("fill-wait");
}
