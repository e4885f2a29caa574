using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Tests;

/// <summary>Strict parsing: unknown keys refused with a hint, every value type- and range-checked with one message
/// shape naming the key, cross-field rules, and the sweep name kept a plain file name.</summary>
public class SweepConfigStrictTests
{
    private const string Origin = "sweep.conf";

    private static string Minimal => SweepConfigTests.Minimal;

    private static SweepConfigException Refused(string hocon) =>
        Assert.Throws<SweepConfigException>(() => SweepConfig.Parse(hocon, Origin));

    private static SweepConfig Parse(string extra) => SweepConfig.Parse(Minimal + "\n" + extra, Origin);

    // ------------------------------------------------------------------ 0. brackets (Akka's parser hangs on some)

    [Theory]
    [InlineData("activelab.sweep {\n  datasets = [a, b}\n}", "line 2: '}' closes the '[' opened on line 2")]
    [InlineData("activelab.sweep {\n  datasets = [a, b]\n", "line 1: '{' is never closed")]
    [InlineData("activelab.sweep { name = x }\n]", "line 2: ']' has no opening '['")]
    public async Task Unbalanced_brackets_are_refused_before_the_parser_sees_them(string hocon, string expected)
    {
        var refused = await Task.Run(() => Refused(hocon)).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal($"{Origin}: not valid HOCON: {expected}", refused.Message);
    }

    [Fact]
    public void Brackets_inside_strings_and_comments_do_not_count()
    {
        var config = SweepConfig.Parse(Minimal + "\n# a comment with [ and {\n// another ]\nactivelab.sweep.results-dir = \"res[1]{\"\n", Origin);
        Assert.EndsWith("res[1]{", config.ResultsDir);
    }

    // ------------------------------------------------------------------ 1. unknown keys

    [Fact]
    public void A_mistyped_key_is_refused_with_the_closest_valid_key()
    {
        Assert.Equal("sweep.conf: unknown key activelab.sweep.rouns (did you mean activelab.sweep.rounds?)",
            Refused(Minimal + "\nactivelab.sweep.rouns = 2").Message);
        Assert.Equal("sweep.conf: unknown key activelab.cluster.max-atempts (did you mean activelab.cluster.max-attempts?)",
            Refused(Minimal + "\nactivelab.cluster { max-atempts = 2 }").Message);
        Assert.Equal("sweep.conf: unknown key activelab.persistence.conection-string (did you mean activelab.persistence.connection-string?)",
            Refused(Minimal + "\nactivelab.persistence.conection-string = x").Message);
    }

    [Fact]
    public void A_mistyped_section_is_refused_with_the_closest_section()
    {
        Assert.Equal("sweep.conf: unknown key activelab.clustr (did you mean activelab.cluster?)",
            Refused(Minimal + "\nactivelab.clustr { max-attempts = 2 }").Message);
        // Also when the sweep section itself is mistyped (not "missing section").
        Assert.Equal("sweep.conf: unknown key activelab.swep (did you mean activelab.sweep?)",
            Refused(Minimal.Replace("activelab.sweep {", "activelab.swep {")).Message);
    }

    [Fact]
    public void A_key_far_from_every_valid_one_lists_the_valid_keys_of_its_section()
    {
        string message = Refused(Minimal + "\nactivelab.sweep.colour = red").Message;
        Assert.StartsWith("sweep.conf: unknown key activelab.sweep.colour; valid keys of activelab.sweep: name, seed, datasets,", message);
        Assert.All(SweepConfigKeys.Sweep.Keys, k => Assert.Contains(k.Name, message));
        Assert.Equal("sweep.conf: unknown key activelab.monitoring; valid sections: activelab.sweep, activelab.cluster, activelab.persistence, activelab.trainer, activelab.datasets",
            Refused(Minimal + "\nactivelab.monitoring.port = 1").Message);
    }

    [Fact]
    public void A_key_in_the_wrong_section_points_at_the_right_one()
    {
        Assert.Equal("sweep.conf: unknown key activelab.sweep.lease-timeout (did you mean activelab.cluster.lease-timeout?)",
            Refused(Minimal + "\nactivelab.sweep.lease-timeout = 60s").Message);
    }

    [Fact]
    public void A_list_may_close_a_one_line_section()
    {
        var c = SweepConfig.Parse("activelab.sweep { name = s, datasets = [wall-robot], methods = [random], models = [et] }", Origin);
        Assert.Equal(["et"], c.Models);
        c = SweepConfig.Parse("activelab.sweep { name = s, datasets = [wall-robot], models = [et], methods = [random, entropy]   }", Origin);
        Assert.Equal(["random", "entropy"], c.Methods);
    }

    [Fact]
    public void Keys_outside_activelab_are_ignored()
    {
        var c = Parse("akka.loglevel = DEBUG\nakka.actor.provider = cluster\nmy-notes { owner = me }");
        Assert.Equal("t", c.Name);
    }

    [Fact]
    public void Every_cluster_key_is_read()
    {
        var c = Parse("activelab.cluster { lease-timeout = 90s, max-attempts = 7, heartbeat-interval = 3s, max-active-cells = 64 }");
        Assert.Equal(TimeSpan.FromSeconds(90), c.LeaseTimeout);
        Assert.Equal(7, c.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(3), c.HeartbeatInterval);
        Assert.Equal(64, c.MaxActiveCells);
        var d = SweepConfig.Parse(Minimal);
        Assert.Equal((TimeSpan.FromMinutes(2), 3, TimeSpan.FromSeconds(5), 512), (d.LeaseTimeout, d.MaxAttempts, d.HeartbeatInterval, d.MaxActiveCells));
    }

    [Fact]
    public void Every_declared_key_is_documented_in_the_quickstart_config()
    {
        string quickstart = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "config", "quickstart.conf"));
        var root = Akka.Configuration.ConfigurationFactory.ParseString(quickstart);
        Assert.All(SweepConfigKeys.Sections.SelectMany(s => s.Keys), k => Assert.True(root.HasPath(k.Path), $"{k.Path} is not in quickstart.conf"));
    }

    [Fact]
    public void The_closest_name_helper()
    {
        Assert.Equal(1, ClosestName.Distance("rouns", "rounds"));
        Assert.Equal(1, ClosestName.Distance("nmae", "name"));     // adjacent swap counts once
        Assert.Equal(3, ClosestName.Distance("kitten", "sitting"));
        Assert.Equal("rounds", ClosestName.Find("rouns", ["repeats", "rounds", "seed"]));
        Assert.Equal("batch-size", ClosestName.Find("batchsize", ["batch-size", "folds"]));
        Assert.Null(ClosestName.Find("colour", ["name", "seed", "folds"]));
    }

    // ------------------------------------------------------------------ 2. values

    [Fact]
    public void A_non_integer_names_the_key_the_range_and_the_value()
    {
        Assert.Equal("sweep.conf: activelab.cluster.max-attempts must be an integer ≥ 1, got 'abc'",
            Refused(Minimal + "\nactivelab.cluster.max-attempts = abc").Message);
        Assert.Equal("sweep.conf: activelab.sweep.folds must be an integer ≥ 2, got '1'",
            Refused(Minimal + "\nactivelab.sweep.folds = 1").Message);
        Assert.Equal("sweep.conf: activelab.cluster.max-active-cells must be an integer ≥ 1, got '0'",
            Refused(Minimal + "\nactivelab.cluster.max-active-cells = 0").Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_says_what_was_expected()
    {
        Assert.Equal("sweep.conf: activelab.sweep.methods must be a non-empty list of names such as [a, b], got 'random'",
            Refused(Minimal.Replace("methods = [random, crowdlab]", "methods = random")).Message);
        Assert.Equal("sweep.conf: activelab.sweep.rounds must be an integer ≥ 1, got '[1]'",
            Refused(Minimal.Replace("rounds = 3", "rounds = [1]")).Message);
        Assert.Equal("sweep.conf: activelab.sweep.name must be a string, got '[a, b]'",
            Refused(Minimal.Replace("name = t", "name = [a, b]")).Message);
        Assert.Equal("sweep.conf: activelab.sweep.seed must be a non-negative 64-bit integer, got '-1'",
            Refused(Minimal + "\nactivelab.sweep.seed = -1").Message);
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("off", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    public void Booleans_accept_on_off_true_false_yes_no(string text, bool expected) =>
        Assert.Equal(expected, Parse($"activelab.sweep.row-weight-bug = {text}").RowWeightBug);

    [Fact]
    public void Any_other_boolean_is_refused() =>
        Assert.Equal("sweep.conf: activelab.sweep.row-weight-bug must be on, off, true, false, yes or no, got 'maybe'",
            Refused(Minimal + "\nactivelab.sweep.row-weight-bug = maybe").Message);

    [Fact]
    public void Durations_must_be_positive() =>
        Assert.Equal("sweep.conf: activelab.cluster.lease-timeout must be a duration > 0 such as 500ms, 30s or 2m, got '0s'",
            Refused(Minimal + "\nactivelab.cluster.lease-timeout = 0s").Message);

    [Fact]
    public void Null_stays_allowed_for_rounds_batch_size_and_dataset_seed_only()
    {
        var c = SweepConfig.Parse(Minimal.Replace("rounds = 3", "rounds = null").Replace("batch-size = 20", "batch-size = null")
            + "\nactivelab.sweep.dataset-seed = null", Origin);
        Assert.Null(c.Rounds);
        Assert.Null(c.BatchSize);
        Assert.Null(c.DatasetSeed);
        Assert.Equal(42UL, Parse("activelab.sweep.dataset-seed = 42").DatasetSeed);
        Assert.Equal("sweep.conf: activelab.sweep.repeats must be an integer ≥ 1, got 'null'",
            Refused(Minimal.Replace("repeats = 2", "repeats = null")).Message);
    }

    // ------------------------------------------------------------------ 3. cross-field rules

    [Fact]
    public void The_lease_must_outlast_two_heartbeats()
    {
        Assert.Equal("sweep.conf: activelab.cluster.lease-timeout must be at least 2 × activelab.cluster.heartbeat-interval (10s), got '6s': "
            + "trainers renew leases once per heartbeat, so a shorter lease can expire between two renewals",
            Refused(Minimal + "\nactivelab.cluster { lease-timeout = 6s, heartbeat-interval = 5s }").Message);
        // The default heartbeat (5s) counts too.
        Assert.Contains("(10s), got '1s'", Refused(Minimal + "\nactivelab.cluster.lease-timeout = 1s").Message);
        Assert.Equal(TimeSpan.FromSeconds(10), Parse("activelab.cluster { lease-timeout = 10s, heartbeat-interval = 5s }").LeaseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), Parse("activelab.cluster { lease-timeout = 1s, heartbeat-interval = 500ms }").LeaseTimeout);
    }

    [Fact]
    public void Methods_must_apply_to_every_dataset()
    {
        Assert.Equal("sweep.conf: activelab.sweep.methods: method 'multiannotator' does not apply to wall-robot; valid: "
            + string.Join(", ", MethodCatalog.ValidMethods("wall-robot")),
            Refused(Minimal.Replace("methods = [random, crowdlab]", "methods = [random, multiannotator]")).Message);
    }

    // ------------------------------------------------------------------ 4. name

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("")]
    public void The_name_must_be_a_plain_file_name(string name) =>
        Assert.Equal($"sweep.conf: activelab.sweep.name must be a plain file name (letters, digits, '-', '_', '.'; not starting with '.'; at most 100 characters), got '{name}'",
            Refused(Minimal.Replace("name = t", $"name = \"{name}\"")).Message);

    [Fact]
    public void Names_up_to_100_plain_characters_are_accepted()
    {
        Assert.Equal("run-2.v1_final", SweepConfig.Parse(Minimal.Replace("name = t", "name = run-2.v1_final")).Name);
        string longest = new('a', 100);
        Assert.Equal(longest, SweepConfig.Parse(Minimal.Replace("name = t", $"name = {longest}")).Name);
        Assert.Contains("at most 100 characters", Refused(Minimal.Replace("name = t", $"name = {longest}a")).Message);
    }

    // ------------------------------------------------------------------ table of bad configs

    public static TheoryData<string, string> BadConfigs => new()
    {
        { "activelab.sweep.rouns = 2", "activelab.sweep.rouns" },
        { "activelab.clustr.max-attempts = 2", "activelab.clustr" },
        { "activelab.cluster.max-attempts = abc", "activelab.cluster.max-attempts" },
        { "activelab.cluster.max-attempts = 0", "activelab.cluster.max-attempts" },
        { "activelab.cluster.max-active-cells = -3", "activelab.cluster.max-active-cells" },
        { "activelab.cluster.max-active-cells = 1.5", "activelab.cluster.max-active-cells" },
        { "activelab.cluster.lease-timeout = 0s", "activelab.cluster.lease-timeout" },
        { "activelab.cluster.lease-timeout = soon", "activelab.cluster.lease-timeout" },
        { "activelab.cluster.heartbeat-interval = [5s]", "activelab.cluster.heartbeat-interval" },
        { "activelab.cluster { lease-timeout = 5s, heartbeat-interval = 5s }", "activelab.cluster.lease-timeout" },
        { "activelab.sweep.repeats = 0", "activelab.sweep.repeats" },
        { "activelab.sweep.rounds = [1]", "activelab.sweep.rounds" },
        { "activelab.sweep.rounds = 0", "activelab.sweep.rounds" },
        { "activelab.sweep.batch-size = many", "activelab.sweep.batch-size" },
        { "activelab.sweep.folds = 1", "activelab.sweep.folds" },
        { "activelab.sweep.seed = 18446744073709551616", "activelab.sweep.seed" },
        { "activelab.sweep.dataset-seed = -5", "activelab.sweep.dataset-seed" },
        { "activelab.sweep.row-weight-bug = 1", "activelab.sweep.row-weight-bug" },
        { "activelab.sweep.methods = random", "activelab.sweep.methods" },
        { "activelab.sweep.methods = []", "activelab.sweep.methods" },
        { "activelab.sweep.models = [et, et]", "activelab.sweep.models" },
        { "activelab.sweep.models = [svm]", "activelab.sweep.models" },
        { "activelab.sweep.ensemble-members = [et, svm, knn]", "activelab.sweep.ensemble-members" },
        { "activelab.sweep.datasets = [wall-robots]", "activelab.sweep.datasets" },
        { "activelab.sweep.name = \"..\"", "activelab.sweep.name" },
        { "activelab.sweep.name = { a = 1 }", "activelab.sweep.name" },
        { "activelab.sweep.trainer = fast", "activelab.sweep.trainer" },
        { "activelab.sweep.data-dir = \"\"", "activelab.sweep.data-dir" },
        { "activelab.sweep.results-dir = [a]", "activelab.sweep.results-dir" },
        { "activelab.persistence.provider = mysql", "activelab.persistence.provider" },
        { "activelab.persistence.provider = postgresql", "activelab.persistence.connection-string" },
        { "activelab.persistence.connection-string = [x]", "activelab.persistence.connection-string" },
        { "activelab.sweep.methods = [random, multiannotator]", "activelab.sweep.methods" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Every_bad_value_is_refused_naming_its_key(string line, string key)
    {
        var e = Refused(Minimal + "\n" + line);
        Assert.StartsWith($"{Origin}: ", e.Message);
        Assert.Contains(key, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    // ------------------------------------------------------------------ presets and hashes

    /// <summary>Hashes of the presets as computed before parsing became strict (commit 9dae74f): resuming a sweep
    /// started then must still find the same hash. The two MLP presets changed content on 2026-12-07 (models mlp →
    /// mlp32, issue #11): theirs are the hashes of the new grids, recorded in their committed manifest.json.</summary>
    [Theory]
    [InlineData("cifar-10h.conf", "5366c7d7512f613509e86e263f337c922c444fc5ca52462caf9f423a05217f3e", "953383af3993a540f6af4d03a6c89413370c5fdf3b609faaf5e6f3737a1da779")]
    [InlineData("quickstart.conf", "e4469353aa0a51b4ece9c59b73aa445ee5aaf63201ae340f0d820a9dc7b555b5", "d36e8d43aedd8f0e4f2d484ef1af940daaae86a5ec0a9200d8f24604ef348109")]
    [InlineData("single-annotator.conf", "0e352aba56b3c1879641085c9c9c9e87bca684d5b891cdf2cce25efa65a4e229", "e7e663947c1d8ea4d73422dcd929e027b6485879bbbf3d4ab907ddd751e19266")]
    [InlineData("single-vs-multiannotator.conf", "e3bb89fe4badd430049e225240f4f7231b153d1cfa9e1752ce17a7825a2f62e7", "fe5f48d9ac298697967d94f1af502f25da060a2b09033626c411b90866c4ab84")]
    [InlineData("wall-robot-complete-et.conf", "78abb3524c1edca5ae70167146146126999c38d4b66ea2ee6bc4be8b63498a11", "5c395f0f0ed89ad31a0ef7a6b788f4400fb87ef3f3519c8403c94ba07ccbeb93")]
    [InlineData("wall-robot-complete-mlp.conf", "aa693de78814bc0afcd3e88e0c606ec1405397746919d2e69723d5aeb50f0c33", "cfcd120ed9f9f494dc8f83c87e711c6cc016db77aa64f469cb9969b517c64bde")]
    [InlineData("wall-robot-et.conf", "1f074c7a32b52ebc84239ac0cc7d20d8b4f1281738457b7aec2dac1803ce358c", "e625b1a3db814749d158ab7cca843adf369ce9574caf32391c3cc7edf664a371")]
    [InlineData("wall-robot-mlp.conf", "dc026335ccc3a59f8c853d3964ec6a5185d2363f04cf9a7b51ee7c708d11f136", "daed6b37bd95c4483c91f0916941597b454143037bb1da205cc9c54bffe52d3f")]
    public void Presets_parse_with_the_hashes_they_had_before(string preset, string hash, string settingsHash)
    {
        var c = SweepConfig.Load(Path.Combine(TestPaths.RepoRoot, "config", preset));
        Assert.Equal(hash, c.Hash());
        Assert.Equal(settingsHash, c.SettingsHash());
    }

    [Fact]
    public void The_minimal_config_keeps_its_hash()
    {
        var c = SweepConfig.Parse(Minimal);
        Assert.Equal("d3cf2ca6f54725c5a51f04cdd590989bf6fcf078b05f7449b0b6c9c8af3b0fef", c.Hash());
        Assert.Equal("846df4516fa02c43dd7d4b07b89d5f33455f287f6d025af51eb73b78140e1af3", c.SettingsHash());
    }
}
