using ActiveLab.Cluster.Protocol;
using ActiveLab.Results;
using Xunit.Sdk;

namespace ActiveLab.Cluster.Tests;

/// <summary>labels.parquet of a finished sweep, read from the Parquet files alone, agrees with rounds.parquet.</summary>
public class LabelsParquetTests
{
    [Fact]
    public async Task Selection_and_rank_of_labels_parquet_agree_with_each_rounds_new_and_relabeled_examples()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), rounds: 3, batch: 30);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config));
        var rounds = ParquetTables.ReadRounds(Path.Combine(config.SweepDir, "rounds.parquet")).ToList();
        var labels = SweepHarness.Labels(config);
        Assert.Equal(2 * 3 * 30, labels.Count);
        SweepResultChecks.RoundsArePlausible(config, rounds);
        SweepResultChecks.LabelsAgreeWithRounds(config, rounds, labels);
        // Both methods re-label and add new examples over the sweep, so both branches of the check were exercised.
        Assert.Contains(labels, l => l.Selection == "relabel");
        Assert.Contains(labels, l => l.Selection == "new");

        // The check has teeth: a "new" row moved before the re-labeled ones, a num_new_examples off by one, a repeated
        // example id and a gap in the ranks are each caught.
        var round = labels.Where(l => l.Method == "crowdlab" && l.Round == 1).OrderBy(l => l.Rank).ToList();
        Assert.True(round.Any(l => l.Selection == "relabel") && round.Any(l => l.Selection == "new"),
            "the tamper checks need a round with both selections");
        List<LabelRow> Replace(LabelRow old, LabelRow with) => labels.Select(l => ReferenceEquals(l, old) ? with : l).ToList();
        var firstNew = round.First(l => l.Selection == "new");
        Assert.ThrowsAny<XunitException>(() => SweepResultChecks.LabelsAgreeWithRounds(config, rounds,
            Replace(round[0], round[0] with { Selection = "new" })));
        Assert.ThrowsAny<XunitException>(() => SweepResultChecks.LabelsAgreeWithRounds(config,
            rounds.Select(r => r.Method == "crowdlab" && r.Round == 1 ? r with { NumNewExamples = r.NumNewExamples + 1 } : r).ToList(), labels));
        Assert.ThrowsAny<XunitException>(() => SweepResultChecks.LabelsAgreeWithRounds(config, rounds,
            Replace(firstNew, firstNew with { ExampleId = round[0].ExampleId })));
        Assert.ThrowsAny<XunitException>(() => SweepResultChecks.LabelsAgreeWithRounds(config, rounds,
            Replace(round[^1], round[^1] with { Rank = round.Count })));
    }
}
