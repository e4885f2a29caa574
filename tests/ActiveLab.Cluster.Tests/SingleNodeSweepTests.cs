using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;
using ActiveLab.Models;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Tests;

/// <summary>Whole sweeps in one process with the real journal, trainer and results writer.</summary>
public class SingleNodeSweepTests
{
    [Fact]
    public async Task A_sweep_runs_to_completion_and_writes_its_results()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), repeats: 2);
        var outcome = await SweepHarness.RunSingleNode(config);
        var done = Assert.IsType<SweepCompleted>(outcome);
        Assert.Null(done.CompactionError);
        Assert.Equal(4, done.Status.CellsDone);
        Assert.Equal(0, done.Status.CellsFailed);

        var rounds = ParquetTables.ReadRounds(Path.Combine(config.SweepDir, "rounds.parquet"));
        Assert.Equal(4 * 3, rounds.Count);
        Assert.All(rounds, r => { Assert.InRange(r.ModelAccuracy, 0.5, 1.0); Assert.InRange(r.ConsensusAccuracy, 0.5, 1.0); Assert.True(r.TrainSeconds > 0); });
        // Round t starts with the initial labels plus t·B annotations.
        foreach (var g in rounds.GroupBy(r => (r.Method, r.Repeat)))
        {
            var ordered = g.OrderBy(r => r.Round).ToList();
            for (int t = 1; t < ordered.Count; t++) Assert.Equal(ordered[0].LabelsCollected + 30 * t, ordered[t].LabelsCollected);
        }
        var labels = SweepHarness.Labels(config);
        Assert.Equal(4 * 3 * 30, labels.Count);
        Assert.True(File.Exists(Path.Combine(config.SweepDir, "manifest.json")));
        Assert.Equal(4, SweepManifestFile.ReadFromSweep(config.SweepDir).Cells.Count);

        var status = await SweepStatusReader.ReadAsync(config);
        Assert.NotNull(status);
        Assert.True(status!.Finished);
        Assert.Equal(4, status.CellsDone);
    }

    [Fact]
    public async Task An_interrupted_sweep_resumes_and_ends_with_the_same_results_as_an_uninterrupted_one()
    {
        var reference = SweepHarness.Config(TestPaths.TempDir(), rounds: 8);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(reference));

        var resumed = SweepHarness.Config(TestPaths.TempDir(), rounds: 8);
        // Paced so that the stop (the status arrives once a second) lands mid-sweep even on a fast machine: unpaced, the
        // whole sweep could finish between two statuses and the "interrupted" run would have nothing left to resume.
        var first = await SweepHarness.RunSingleNode(resumed, slots: 1, models: new PacedModels(TimeSpan.FromMilliseconds(50)),
            stopWhen: s => s.CompletedJobs >= 10 && s.Groups.All(g => g.Done == 0));
        Assert.Equal("stopped", first);
        var partial = await SweepStatusReader.ReadAsync(resumed);
        Assert.False(partial!.Finished);

        var second = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(resumed));
        Assert.Equal(2, second.Status.CellsDone);
        Assert.Equal(SweepHarness.DeterministicRounds(reference), SweepHarness.DeterministicRounds(resumed));
        Assert.Equal(SweepHarness.Labels(reference), SweepHarness.Labels(resumed));
    }

    [Fact]
    public async Task A_changed_config_is_refused_and_a_grown_grid_can_be_added()
    {
        var dir = TestPaths.TempDir();
        var config = SweepHarness.Config(dir, rounds: 2);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config));

        var changed = SweepHarness.Config(dir, rounds: 3);
        var refused = Assert.IsType<SweepRefused>(await SweepHarness.RunSingleNode(changed));
        Assert.Contains("config hash", refused.Reason);

        var grown = SweepHarness.Config(dir, rounds: 2, repeats: 2);
        Assert.Contains("--add-new-cells", Assert.IsType<SweepRefused>(await SweepHarness.RunSingleNode(grown)).Reason);
        var added = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(grown, addNewCells: true));
        Assert.Equal(4, added.Status.CellsDone);
        Assert.Equal(4 * 2, ParquetTables.ReadRounds(Path.Combine(grown.SweepDir, "rounds.parquet")).Count);
    }

    [Fact]
    public async Task A_job_that_always_throws_fails_its_cell_and_the_rest_completes()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), methods: "[random]", models: "[et, always-fail]", rounds: 2);
        var done = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config));
        Assert.Equal(1, done.Status.CellsDone);
        Assert.Equal(1, done.Status.CellsFailed);
        var error = Assert.Single(done.Status.Groups.SelectMany(g => g.Errors));
        Assert.Contains("always-fail", error);
        Assert.Contains("failed 2 time(s)", error);
        Assert.All(ParquetTables.ReadRounds(Path.Combine(config.SweepDir, "rounds.parquet")), r => Assert.Equal("et", r.Model));

        var status = await SweepStatusReader.ReadAsync(config);
        Assert.Equal(1, status!.CellsFailed);
        Assert.Contains("always-fail", status.Groups.SelectMany(g => g.Errors).Single());
    }

    [Fact]
    public async Task Results_do_not_depend_on_how_many_cells_are_active_or_on_the_slot_count()
    {
        var wide = SweepHarness.Config(TestPaths.TempDir(), repeats: 2, rounds: 2);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(wide, slots: 3));
        var narrow = SweepHarness.Config(TestPaths.TempDir(), repeats: 2, rounds: 2) with { MaxActiveCells = 1 };
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(narrow, slots: 1));
        Assert.Equal(SweepHarness.DeterministicRounds(wide), SweepHarness.DeterministicRounds(narrow));
        Assert.Equal(SweepHarness.Labels(wide), SweepHarness.Labels(narrow));
    }

    /// <summary>The default models, each fit started after a pause (same results; only slower).</summary>
    private sealed class PacedModels(TimeSpan pause) : DefaultTrainingModels
    {
        public override IClassifierFactory Create(string model)
        {
            Thread.Sleep(pause);
            return base.Create(model);
        }
    }
}
