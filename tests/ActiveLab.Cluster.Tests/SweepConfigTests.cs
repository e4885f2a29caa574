using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Tests;

public class SweepConfigTests
{
    internal const string Minimal = """
        activelab.sweep {
          name = t
          datasets = [wall-robot]
          methods = [random, crowdlab]
          models = [et]
          repeats = 2
          rounds = 3
          batch-size = 20
        }
        """;

    [Fact]
    public void The_shipped_quickstart_config_parses()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "config", "quickstart.conf");
        var c = SweepConfig.Load(path);
        Assert.Equal("quickstart", c.Name);
        Assert.NotEmpty(SweepGrid.Expand(c));
        Assert.Equal(Path.Combine(c.ResultsDir, "quickstart"), c.SweepDir);
    }

    [Fact]
    public void Every_shipped_preset_parses()
    {
        var presets = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "config"), "*.conf");
        Assert.True(presets.Length >= 8, $"{presets.Length} presets");
        foreach (string path in presets)
        {
            var c = SweepConfig.Load(path);
            Assert.Equal(Path.GetFileNameWithoutExtension(path), c.Name);
            Assert.NotEmpty(SweepGrid.Expand(c));
        }
    }

    [Fact]
    public void Ensemble_members_may_repeat_a_model_but_grid_axes_may_not()
    {
        var deep = SweepConfig.Parse(Minimal + "\nactivelab.sweep.ensemble-members = [et, et, et]");
        Assert.Equal(["et", "et", "et"], deep.EnsembleMembers);
        var e = Assert.Throws<SweepConfigException>(() => SweepConfig.Parse(Minimal.Replace("models = [et]", "models = [et, et]")));
        Assert.Equal("config: activelab.sweep.models must name each item once, got 'et' twice", e.Message);
    }

    [Fact]
    public void Defaults_and_the_grid()
    {
        var c = SweepConfig.Parse(Minimal);
        Assert.Equal(5, c.Folds);
        Assert.True(c.RowWeightBug);
        Assert.Equal("real", c.Trainer);
        Assert.Equal(PersistenceProvider.Sqlite, c.Persistence);
        Assert.Contains("journal.db", c.EffectiveConnectionString);
        var cells = SweepGrid.Expand(c);
        Assert.Equal(4, cells.Count);
        Assert.Equal(["wall-robot|random|et|0", "wall-robot|random|et|1", "wall-robot|crowdlab|et|0", "wall-robot|crowdlab|et|1"], cells.Select(x => x.Id));
        Assert.Equal(20, c.RoundsFor("wall-robot") == 3 ? c.BatchSizeFor("wall-robot") : -1);
    }

    [Fact]
    public void Rounds_and_batch_default_to_the_spec()
    {
        var c = SweepConfig.Parse(Minimal.Replace("rounds = 3", "").Replace("batch-size = 20", ""));
        Assert.Equal(20, c.RoundsFor("wall-robot"));
        Assert.Equal(100, c.BatchSizeFor("wall-robot"));
    }

    [Fact]
    public void The_hash_follows_settings_and_grid_but_not_paths()
    {
        var a = SweepConfig.Parse(Minimal);
        Assert.Equal(a.Hash(), SweepConfig.Parse(Minimal, dataDir: "/elsewhere", resultsDir: "/other").Hash());
        Assert.NotEqual(a.Hash(), SweepConfig.Parse(Minimal.Replace("rounds = 3", "rounds = 4")).Hash());
        var grown = SweepConfig.Parse(Minimal.Replace("repeats = 2", "repeats = 3"));
        Assert.NotEqual(a.Hash(), grown.Hash());
        Assert.Equal(a.SettingsHash(), grown.SettingsHash());
        Assert.NotEqual(a.SettingsHash(), SweepConfig.Parse(Minimal.Replace("rounds = 3", "rounds = 4")).SettingsHash());
    }

    [Theory]
    [InlineData("activelab.sweep { name = t", "not valid HOCON")]
    [InlineData("foo = 1", "missing the 'activelab.sweep' section")]
    [InlineData("datasets = [wall-robot]", "unknown benchmark")]
    [InlineData("methods = [random, crowdlab]", "does not apply")]
    [InlineData("models = [et]", "unknown model")]
    [InlineData("repeats = 2", "must be an integer ≥ 1")]
    [InlineData("name = t", "must be a plain file name")]
    public void Bad_configs_name_the_key(string replace, string expected)
    {
        string bad = replace switch
        {
            "activelab.sweep { name = t" => "activelab.sweep { name = ${missing.value} }",
            "foo = 1" => "foo = 1",
            "datasets = [wall-robot]" => Minimal.Replace(replace, "datasets = [wall-robots]"),
            "methods = [random, crowdlab]" => Minimal.Replace(replace, "methods = [random, multiannotator]"),
            "models = [et]" => Minimal.Replace(replace, "models = [svm]"),
            "repeats = 2" => Minimal.Replace(replace, "repeats = 0"),
            _ => Minimal.Replace(replace, "name = \"bad name/x\""),
        };
        var e = Assert.Throws<SweepConfigException>(() => SweepConfig.Parse(bad, "sweep.conf"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("sweep.conf", e.Message);
    }

    [Fact]
    public void Active_label_cleaning_needs_the_complete_benchmark_and_postgres_needs_a_connection_string()
    {
        Assert.Contains("wall-robot-complete", Assert.Throws<SweepConfigException>(() =>
            SweepConfig.Parse(Minimal.Replace("methods = [random, crowdlab]", "methods = [active_label_cleaning]"))).Message);
        SweepConfig.Parse(Minimal.Replace("datasets = [wall-robot]", "datasets = [wall-robot-complete]")
            .Replace("methods = [random, crowdlab]", "methods = [active_label_cleaning]"));
        Assert.Contains("connection-string", Assert.Throws<SweepConfigException>(() =>
            SweepConfig.Parse(Minimal + "\nactivelab.persistence.provider = postgresql")).Message);
    }

    [Fact]
    public void Extra_benchmark_families_expand_and_resolve_their_own_methods()
    {
        var c = SweepConfig.Parse(Minimal.Replace("datasets = [wall-robot]", "datasets = [single-vs-multiannotator]")
            .Replace("methods = [random, crowdlab]", "methods = [multiannotator, single]"));
        Assert.Equal(5, c.Datasets.Count);
        Assert.Equal(5 * 2 * 2, SweepGrid.Expand(c).Count);
    }
}
