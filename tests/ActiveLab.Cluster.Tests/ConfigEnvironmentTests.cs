using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Tests;

/// <summary>Sweep-config settings from ACTIVELAB__SECTION__KEY variables.</summary>
public class ConfigEnvironmentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activelab-env-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(_dir, "sweep.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Config = """
        activelab.sweep { name = env, datasets = [wall-robot], methods = [random], models = [et], repeats = 1, rounds = 3 }
        activelab.cluster.max-attempts = 3
        """;

    [Fact]
    public void Every_setting_has_one_variable()
    {
        Assert.Equal("ACTIVELAB__CLUSTER__MAX_SLOTS_PER_NODE", ConfigEnvironment.VariableOf(SweepConfigKeys.MaxSlotsPerNode));
        Assert.Equal("ACTIVELAB__PERSISTENCE__CONNECTION_STRING", ConfigEnvironment.VariableOf(SweepConfigKeys.ConnectionString));
        var all = SweepConfigKeys.Sections.SelectMany(s => s.Keys).Select(ConfigEnvironment.VariableOf).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void A_variable_replaces_the_files_value_is_recorded_and_changes_the_hash()
    {
        string path = Write(Config);
        var plain = SweepConfig.Load(path, environment: new Dictionary<string, string>());
        var env = SweepConfig.Load(path, environment: new Dictionary<string, string>
        {
            ["ACTIVELAB__SWEEP__ROUNDS"] = "5",
            ["ACTIVELAB__SWEEP__METHODS"] = "[random, crowdlab]",
            ["ACTIVELAB__CLUSTER__MAX_ATTEMPTS"] = "7",
            ["ACTIVELAB__SWEEP__DATASET_SEED"] = "null",
            ["ACTIVELAB__PERSISTENCE__CONNECTION_STRING"] = "Data Source=/tmp/a#b, \"c\" ${x}.db",
            ["ACTIVELAB__PORT"] = "4053", // a flag's variable: the CLI's
            ["PATH"] = "/bin",
        });
        Assert.Equal(3, plain.Rounds);
        Assert.Equal(5, env.Rounds);
        Assert.Equal(["random", "crowdlab"], env.Methods);
        Assert.Equal(7, env.MaxAttempts);
        Assert.Equal("Data Source=/tmp/a#b, \"c\" ${x}.db", env.ConnectionString); // quoted: no comment, list or substitution
        Assert.NotEqual(plain.Hash(), env.Hash());
        Assert.Contains("activelab.sweep.rounds = 5  # ACTIVELAB__SWEEP__ROUNDS", env.Source);
        // The recorded text alone gives the same sweep (what report and resume read back).
        Assert.Equal(env.Hash(), SweepConfig.Parse(env.Source, "manifest").Hash());
    }

    [Fact]
    public void A_misspelt_or_bad_variable_is_a_config_error_that_names_it()
    {
        string path = Write(Config);
        var e = Assert.Throws<SweepConfigException>(() => SweepConfig.Load(path, environment: new Dictionary<string, string> { ["ACTIVELAB__SWEEP__ROUNS"] = "5" }));
        Assert.Equal("environment variable ACTIVELAB__SWEEP__ROUNS names no setting (did you mean ACTIVELAB__SWEEP__ROUNDS?)", e.Message);
        e = Assert.Throws<SweepConfigException>(() => SweepConfig.Load(path, environment: new Dictionary<string, string> { ["ACTIVELAB__SWEEP__ROUNDS"] = "many" }));
        Assert.Equal($"{path} with ACTIVELAB__SWEEP__ROUNDS: activelab.sweep.rounds must be an integer ≥ 1, got 'many'", e.Message);
        e = Assert.Throws<SweepConfigException>(() => SweepConfig.Load(path, environment: new Dictionary<string, string> { ["ACTIVELAB__SWEEP__NAME"] = "a\nactivelab.sweep.seed = 1" }));
        Assert.Equal("environment variable ACTIVELAB__SWEEP__NAME must be one line", e.Message);
    }
}
