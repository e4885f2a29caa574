using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Tests;

/// <summary>
/// Small in-process sweeps of the method families beyond random/crowdlab: the 3-member ensemble methods, the
/// single-vs-multiannotator arms and the single-annotator methods (full-fit jobs). Each sweep runs twice, with different
/// slot counts and max-active-cells, and must give the same rows; its Parquet files must be plausible and consistent.
/// </summary>
public class MethodFamilySweepTests
{
    private const int Rounds = 2, Batch = 20;

    private static Func<string, SweepConfig> Sweep(string datasets, string methods, string? members = null) =>
        dir => SweepHarness.Config(dir, datasets: datasets, methods: methods, models: "[et]", rounds: Rounds, batch: Batch,
            ensembleMembers: members);

    /// <summary>Runs the sweep with 3 slots and the default max-active-cells, then a copy in another folder with 1 slot and
    /// one active cell: both complete every cell and give the same deterministic rows and labels, which pass
    /// <see cref="SweepResultChecks"/>. Returns the first run's rows.</summary>
    private static async Task<(List<RoundRow> Rounds, List<LabelRow> Labels)> RunTwiceAndCompare(Func<string, SweepConfig> sweep)
    {
        var wide = sweep(TestPaths.TempDir());
        int cells = SweepGrid.Expand(wide).Count;
        var first = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(wide, slots: 3));
        Assert.True(first.Status.CellsDone == cells, string.Join("; ", first.Status.Groups.SelectMany(g => g.Errors)));
        Assert.Equal(0, first.Status.CellsFailed);
        Assert.Null(first.CompactionError);

        var narrow = sweep(TestPaths.TempDir()) with { MaxActiveCells = 1 };
        var second = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(narrow, slots: 1));
        Assert.True(second.Status.CellsDone == cells, string.Join("; ", second.Status.Groups.SelectMany(g => g.Errors)));

        var rounds = ParquetTables.ReadRounds(Path.Combine(wide.SweepDir, "rounds.parquet")).ToList();
        var labels = SweepHarness.Labels(wide);
        Assert.Equal(cells * Rounds, rounds.Count);
        Assert.Equal(cells * Rounds * Batch, labels.Count);
        Assert.Equal(SweepHarness.DeterministicRounds(wide), SweepHarness.DeterministicRounds(narrow));
        Assert.Equal(labels, SweepHarness.Labels(narrow));
        SweepResultChecks.Check(wide);
        return (rounds, labels);
    }

    [Fact]
    public async Task Ensemble_methods_complete_and_their_results_do_not_depend_on_slots_or_active_cells()
    {
        var (rounds, labels) = await RunTwiceAndCompare(Sweep("[wall-robot]", "[disagreement, crowdlab_ensemble]", "[et, knn, et]"));
        Assert.Equal(["crowdlab_ensemble", "disagreement"], rounds.Select(r => r.Method).Distinct().Order());
        Assert.All(rounds, r => Assert.Equal("et", r.Model));
        // Ensemble accuracy is a single argmax over the test set: k/1000 for wall-robot's 1000 test rows.
        Assert.All(rounds, r => Assert.Equal(Math.Round(r.ModelAccuracy * 1000), r.ModelAccuracy * 1000, 6));
        Assert.Contains(labels, l => l.Selection == "relabel");
    }

    [Fact]
    public async Task Single_vs_multiannotator_arms_complete_and_their_results_do_not_depend_on_slots_or_active_cells()
    {
        var (rounds, labels) = await RunTwiceAndCompare(Sweep("[\"single-vs-multiannotator/0.8\"]", "[multiannotator, single]"));
        Assert.All(rounds, r => Assert.Equal("single-vs-multiannotator/0.8", r.Dataset));
        Assert.Equal(["multiannotator", "single"], rounds.Select(r => r.Method).Distinct().Order());
        // The single arm only ever labels new examples.
        Assert.All(labels.Where(l => l.Method == "single"), l => Assert.Equal("new", l.Selection));
        Assert.All(rounds.Where(r => r.Method == "single"), r => Assert.Equal(Batch, r.NumNewExamples));
    }

    [Fact]
    public async Task Single_annotator_methods_complete_and_their_results_do_not_depend_on_slots_or_active_cells()
    {
        var (rounds, labels) = await RunTwiceAndCompare(Sweep("[single-annotator]", "[random, entropy, crowdlab]"));
        Assert.Equal(["crowdlab", "entropy", "random"], rounds.Select(r => r.Method).Distinct().Order());
        Assert.All(labels, l => Assert.Equal("new", l.Selection));
        Assert.All(rounds, r => Assert.Equal(Batch, r.NumNewExamples));
    }
}
