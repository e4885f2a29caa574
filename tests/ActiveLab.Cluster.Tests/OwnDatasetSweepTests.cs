using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Tests;

/// <summary>A user's own dataset in a sweep: config keys, the config hash, the fingerprint, and a whole sweep.</summary>
public class OwnDatasetSweepTests
{
    private static string Config(string datasets = "[blobs]", string extraSweep = "rounds = 3\n  batch-size = 20", string own = OwnDataFiles.Section,
        string methods = "[random, crowdlab]", string models = "[et]") => $$"""
        activelab.sweep {
          name = own
          seed = 7
          datasets = {{datasets}}
          methods = {{methods}}
          models = {{models}}
          {{extraSweep}}
        }
        activelab.cluster { lease-timeout = 20s, max-attempts = 2, heartbeat-interval = 1s }
        {{own}}
        """;

    private static SweepConfig Parse(string hocon, string dataDir, string? resultsDir = null) =>
        SweepConfig.Parse(hocon, "own.conf", dataDir, resultsDir ?? TestPaths.TempDir());

    private static SweepConfigException Refused(string hocon, string? dataDir = null) =>
        Assert.Throws<SweepConfigException>(() => Parse(hocon, dataDir ?? OwnDataFiles.DataDir()));

    [Fact]
    public void The_keys_are_read_next_to_the_benchmarks()
    {
        var c = Parse(Config(datasets: "[wall-robot, blobs]"), OwnDataFiles.DataDir());
        Assert.Equal(["wall-robot", "blobs"], c.Datasets);
        var d = c.OwnDatasets["blobs"];
        Assert.Equal(("blobs/train.csv", "blobs/test.csv", "label", 60, 30, 0.8, (string?)null),
            (d.Train, d.Test, d.LabelColumn, d.Labeled, d.Annotators, d.AnnotatorAccuracy, d.Annotations));
        Assert.True(c.IsOwnDataset("blobs"));
        Assert.False(c.IsOwnDataset("wall-robot"));
        Assert.Equal(3, c.RoundsFor("blobs"));
        Assert.Equal(20, c.BatchSizeFor("blobs"));
    }

    [Theory]
    [InlineData("rounds = 3", "own.conf: activelab.sweep.batch-size is required when the sweep names a dataset of its own (blobs)")]
    [InlineData("batch-size = 3", "own.conf: activelab.sweep.rounds is required when the sweep names a dataset of its own (blobs)")]
    public void Rounds_and_batch_size_are_required(string sweep, string expected) =>
        Assert.Equal(expected, Refused(Config(extraSweep: sweep)).Message);

    [Fact]
    public void Config_mistakes_are_refused_naming_the_key()
    {
        Assert.Equal("own.conf: unknown key activelab.datasets.blobs.labled (did you mean activelab.datasets.blobs.labeled?)",
            Refused(Config(own: OwnDataFiles.Section.Replace("labeled = 60", "labled = 60"))).Message);
        Assert.Equal("own.conf: activelab.datasets.blobs.annotator-accuracy must be a number in (0, 1], got '1.5'",
            Refused(Config(own: OwnDataFiles.Section.Replace("= 0.8", "= 1.5"))).Message);
        Assert.Equal("own.conf: activelab.datasets.blobs.train is required",
            Refused(Config(own: OwnDataFiles.Section.Replace("train = \"blobs/train.csv\"", ""))).Message);
        Assert.StartsWith("own.conf: activelab.datasets.blobs: blobs/train.csv: file not found",
            Refused(Config(), dataDir: TestPaths.TempDir()).Message);
    }

    [Fact]
    public void A_dataset_named_like_a_benchmark_is_refused()
    {
        var e = Refused(Config(datasets: "[wall-robot]", own: OwnDataFiles.Section.Replace("datasets.blobs", "datasets.wall-robot")));
        Assert.StartsWith("own.conf: activelab.datasets.wall-robot: 'wall-robot' is a benchmark's name", e.Message);
    }

    [Fact]
    public void Methods_and_models_tied_to_a_benchmark_are_refused()
    {
        Assert.Contains("active_label_cleaning scores labeled examples only",
            Refused(Config(methods: "[active_label_cleaning]")).Message);
        Assert.Contains("model resnet18-head trains on CIFAR image features; dataset blobs is tabular",
            Refused(Config(models: "[resnet18-head]")).Message);
        Assert.Contains("method 'multiannotator' does not apply to blobs", Refused(Config(methods: "[multiannotator]")).Message);
    }

    [Fact]
    public void The_content_hash_is_part_of_the_config_hash_and_of_the_fingerprint()
    {
        string dir = OwnDataFiles.DataDir();
        var before = Parse(Config(), dir);
        string fingerprint = new DatasetRegistry(dir, ownDatasets: before.OwnDatasets).Get("blobs", null).Fingerprint;
        Assert.Equal(before.Hash(), Parse(Config(), dir).Hash());

        // One feature value changed in the last digit: another config hash, another worker fingerprint.
        string train = Path.Combine(dir, "blobs", "train.csv");
        var lines = File.ReadAllLines(train);
        lines[5] = "0.5" + lines[5][lines[5].IndexOf(',')..];
        File.WriteAllLines(train, lines);
        var after = Parse(Config(), dir);
        Assert.NotEqual(before.Hash(), after.Hash());
        // Not a settings change (cells of a new own dataset may still be added); the recorded fingerprint guards the data.
        Assert.Equal(before.SettingsHash(), after.SettingsHash());
        Assert.NotEqual(fingerprint, new DatasetRegistry(dir, ownDatasets: after.OwnDatasets).Get("blobs", null).Fingerprint);
    }

    [Fact]
    public async Task A_sweep_over_an_own_dataset_runs_and_refuses_to_resume_on_changed_data()
    {
        string dir = OwnDataFiles.DataDir(), results = TestPaths.TempDir();
        var config = Parse(Config(), dir, results);
        var registry = new DatasetRegistry(config.DataDir, ownDatasets: config.OwnDatasets);
        var done = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config, datasets: registry));
        Assert.Equal((2, 0), (done.Status.CellsDone, done.Status.CellsFailed));
        var rounds = ParquetTables.ReadRounds(Path.Combine(config.SweepDir, "rounds.parquet"));
        Assert.Equal(6, rounds.Count);
        Assert.All(rounds, r => { Assert.Equal("blobs", r.Dataset); Assert.InRange(r.ModelAccuracy, 0.5, 1.0); });
        Assert.All(rounds.GroupBy(r => r.Method), g => Assert.Equal([0, 20, 40], g.OrderBy(r => r.Round).Select(r => r.LabelsCollected - g.Min(x => x.LabelsCollected))));

        File.AppendAllText(Path.Combine(dir, "blobs", "test.csv"), "0,0,3,c\n");
        var changed = Parse(Config(), dir, results);
        var refused = Assert.IsType<SweepRefused>(await SweepHarness.RunSingleNode(changed,
            datasets: new DatasetRegistry(changed.DataDir, ownDatasets: changed.OwnDatasets)));
        Assert.Contains("config hash", refused.Reason);
    }

    [Fact]
    public async Task Cells_of_a_new_own_dataset_can_be_added_but_changed_data_is_still_refused()
    {
        string dir = OwnDataFiles.DataDir(), results = TestPaths.TempDir();
        string both = OwnDataFiles.Section + "\n" + OwnDataFiles.Section.Replace("datasets.blobs", "datasets.blobs2");
        var first = Parse(Config(methods: "[random]", own: both, extraSweep: "rounds = 2\n  batch-size = 20"), dir, results);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(first, datasets: new DatasetRegistry(dir, ownDatasets: first.OwnDatasets)));

        // The changed file is caught by the fingerprint recorded when the sweep started, even on the --add-new-cells path.
        string train = Path.Combine(dir, "blobs", "train.csv");
        string original = File.ReadAllText(train);
        File.AppendAllText(train, "3,0,0,a\n");
        var grown = Parse(Config(datasets: "[blobs, blobs2]", methods: "[random]", own: both, extraSweep: "rounds = 2\n  batch-size = 20"), dir, results);
        var refused = Assert.IsType<SweepRefused>(await SweepHarness.RunSingleNode(grown, addNewCells: true,
            datasets: new DatasetRegistry(dir, ownDatasets: grown.OwnDatasets)));
        Assert.Contains("dataset blobs changed since sweep 'own' started", refused.Reason);

        File.WriteAllText(train, original);
        grown = Parse(Config(datasets: "[blobs, blobs2]", methods: "[random]", own: both, extraSweep: "rounds = 2\n  batch-size = 20"), dir, results);
        var done = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(grown, addNewCells: true,
            datasets: new DatasetRegistry(dir, ownDatasets: grown.OwnDatasets)));
        Assert.Equal(2, done.Status.CellsDone);
    }
}
