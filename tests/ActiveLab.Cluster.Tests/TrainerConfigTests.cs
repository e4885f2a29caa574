using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Tests;

/// <summary><c>activelab.trainer</c> (max-batch, fill-wait): read from the sweep config, the environment, and for a
/// worker from the environment or its --datasets-config file; range-checked with one message naming the key.</summary>
public class TrainerConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activelab-trainer-conf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    [Fact]
    public void Defaults_leave_the_batch_to_the_device_and_wait_50_ms()
    {
        var config = SweepConfig.Parse(SweepConfigTests.Minimal, "sweep.conf");
        Assert.Null(config.MaxBatch);
        Assert.Equal(TimeSpan.FromMilliseconds(50), config.FillWait);
    }

    [Fact]
    public void The_section_sets_both_and_does_not_change_the_sweeps_identity()
    {
        var plain = SweepConfig.Parse(SweepConfigTests.Minimal, "sweep.conf");
        var batched = SweepConfig.Parse(SweepConfigTests.Minimal + "\nactivelab.trainer { max-batch = 256, fill-wait = 200ms }", "sweep.conf");
        Assert.Equal(256, batched.MaxBatch);
        Assert.Equal(TimeSpan.FromMilliseconds(200), batched.FillWait);
        // Results do not depend on batching: a sweep may resume with other trainer settings.
        Assert.Equal(plain.Hash(), batched.Hash());
        Assert.Equal(plain.SettingsHash(), batched.SettingsHash());
    }

    [Theory]
    [InlineData("max-batch = 0", "activelab.trainer.max-batch must be an integer ≥ 1, got '0'")]
    [InlineData("max-batch = 1025", "activelab.trainer.max-batch must be an integer from 1 to 1024, or null, got '1025'")]
    [InlineData("max-batch = many", "activelab.trainer.max-batch must be")]
    [InlineData("fill-wait = 0ms", "activelab.trainer.fill-wait must be a duration > 0")]
    [InlineData("fill-wait = 11s", "activelab.trainer.fill-wait must be a duration > 0 and at most 10s, got '11s'")]
    [InlineData("max-batches = 4", "unknown key activelab.trainer.max-batches")]
    public void Bad_values_are_refused_naming_the_key(string line, string expected)
    {
        var e = Assert.Throws<SweepConfigException>(() => SweepConfig.Parse(SweepConfigTests.Minimal + "\nactivelab.trainer { " + line + " }", "sweep.conf"));
        Assert.StartsWith("sweep.conf: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void An_environment_variable_replaces_the_files_value()
    {
        string path = Path.Combine(_dir, "sweep.conf");
        File.WriteAllText(path, SweepConfigTests.Minimal + "\nactivelab.trainer.max-batch = 8\n");
        var config = SweepConfig.Load(path, environment: new Dictionary<string, string> { ["ACTIVELAB__TRAINER__MAX_BATCH"] = "32" });
        Assert.Equal(32, config.MaxBatch);
    }

    [Fact]
    public void A_worker_reads_the_environment_without_a_config_file()
    {
        Assert.Equal((null, TrainerBatching.DefaultFillWait), SweepConfig.LoadTrainerSettings(null, NoEnvironment));
        var env = new Dictionary<string, string> { ["ACTIVELAB__TRAINER__MAX_BATCH"] = "128", ["ACTIVELAB__TRAINER__FILL_WAIT"] = "1s" };
        Assert.Equal((128, TimeSpan.FromSeconds(1)), SweepConfig.LoadTrainerSettings(null, env));
        var bad = Assert.Throws<SweepConfigException>(() =>
            SweepConfig.LoadTrainerSettings(null, new Dictionary<string, string> { ["ACTIVELAB__TRAINER__MAX_BATCH"] = "0" }));
        Assert.Contains("activelab.trainer.max-batch must be", bad.Message);
        var misspelt = Assert.Throws<SweepConfigException>(() =>
            SweepConfig.LoadTrainerSettings(null, new Dictionary<string, string> { ["ACTIVELAB__TRAINER__MAXBATCH"] = "4" }));
        Assert.Contains("did you mean ACTIVELAB__TRAINER__MAX_BATCH?", misspelt.Message);
    }

    [Fact]
    public void A_worker_reads_the_section_of_its_datasets_config_and_the_environment_wins()
    {
        string path = Path.Combine(_dir, "sweep.conf");
        File.WriteAllText(path, SweepConfigTests.Minimal + "\nactivelab.trainer { max-batch = 16, fill-wait = 20ms }\n");
        Assert.Equal((16, TimeSpan.FromMilliseconds(20)), SweepConfig.LoadTrainerSettings(path, NoEnvironment));
        var env = new Dictionary<string, string> { ["ACTIVELAB__TRAINER__MAX_BATCH"] = "4" };
        Assert.Equal((4, TimeSpan.FromMilliseconds(20)), SweepConfig.LoadTrainerSettings(path, env));
        Assert.Throws<SweepConfigException>(() => SweepConfig.LoadTrainerSettings(Path.Combine(_dir, "missing.conf"), NoEnvironment));
    }

    [Fact]
    public void Batching_values_out_of_range_are_refused_by_the_trainer_node_check()
    {
        Assert.Null(TrainerBatching.Problem(1, TimeSpan.FromMilliseconds(1)));
        Assert.Null(TrainerBatching.Problem(TrainerBatching.Limit, TrainerBatching.MaxFillWait));
        Assert.NotNull(TrainerBatching.Problem(0, TrainerBatching.DefaultFillWait));
        Assert.NotNull(TrainerBatching.Problem(TrainerBatching.Limit + 1, TrainerBatching.DefaultFillWait));
        Assert.NotNull(TrainerBatching.Problem(4, TimeSpan.Zero));
    }
}
