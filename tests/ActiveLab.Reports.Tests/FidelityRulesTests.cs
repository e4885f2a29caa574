using ActiveLab.Results;

namespace ActiveLab.Reports.Tests;

/// <summary>The fidelity bars on synthetic results whose verdicts are known by construction.</summary>
public class FidelityRulesTests
{
    private static readonly ReferenceResults Published = ReferenceResults.Published;

    /// <summary>Rows of wall-robot/et at round 19 where each method has the given final model accuracy (two repeats ± 0.001).</summary>
    private static List<RoundRow> WallRobotEt(params (string Method, double Model, double Consensus)[] finals)
    {
        var rows = new List<RoundRow>();
        foreach (var (method, model, consensus) in finals)
            for (int repeat = 0; repeat < 2; repeat++)
                for (int round = 0; round < 20; round++)
                {
                    double d = repeat == 0 ? -0.001 : 0.001;
                    rows.Add(new RoundRow("wall-robot", method, "et", repeat, round, consensus + d, model + d, 0, 0, 0, 0, "n"));
                }
        return rows;
    }

    [Fact]
    public void Results_at_the_published_means_pass_every_check()
    {
        var rows = WallRobotEt(("random", 0.9449, 0.9243), ("uncertainty", 0.9698, 0.919), ("crowdlab", 0.9879, 0.9982));
        var checks = FidelityRules.Check(ResultGroup.Build(rows, Published).Single());
        Assert.Equal(5, checks.Count); // 2 baselines + ActiveLab model + consensus + ranking
        Assert.All(checks, c => Assert.True(c.Passed, c.Claim + ": " + c.Evidence));
    }

    [Fact]
    public void Each_bar_fails_when_its_number_is_outside_it()
    {
        // ActiveLab 0.025 below the paper (bar ±0.02), random 0.06 below (bar ±0.05), uncertainty above ActiveLab.
        var rows = WallRobotEt(("random", 0.8849, 0.9243), ("uncertainty", 0.97, 0.919), ("crowdlab", 0.9629, 0.9982));
        var checks = FidelityRules.Check(ResultGroup.Build(rows, Published).Single());
        Assert.False(checks.Single(c => c.Claim.StartsWith("Random:", StringComparison.Ordinal)).Passed);
        Assert.True(checks.Single(c => c.Claim.StartsWith("Uncertainty:", StringComparison.Ordinal)).Passed);
        Assert.False(checks.Single(c => c.Claim.StartsWith("ActiveLab: final model", StringComparison.Ordinal)).Passed);
        Assert.True(checks.Single(c => c.Claim.StartsWith("ActiveLab: final consensus", StringComparison.Ordinal)).Passed);
        var ranking = checks.Single(c => c.Claim.Contains("ranked first"));
        Assert.False(ranking.Passed);
        Assert.Contains("Uncertainty 0.9700 > ActiveLab 0.9629", ranking.Evidence);
    }

    [Fact]
    public void Single_vs_multi_compares_at_the_papers_last_round_and_skips_perfect_annotators()
    {
        var rows = new List<RoundRow>();
        foreach (string tau in new[] { "0.6", "1.0" })
            foreach (var (method, acc) in new[] { ("multiannotator", 0.80), ("single", 0.78) })
                for (int round = 0; round < 15; round++)
                    // After round 8 single overtakes multi: the paper's figures stop at 8, so the check looks there.
                    rows.Add(new RoundRow($"single-vs-multiannotator/{tau}", method, "et", 0, round, 0, round <= 8 ? acc : 1.6 - acc, 0, 0, 0, 0, "n"));
        var groups = ResultGroup.Build(rows, Published);
        var check = FidelityRules.Check(groups[0]).Single();
        Assert.True(check.Passed, check.Evidence);
        Assert.Contains("round 8", check.Claim);
        Assert.Empty(FidelityRules.Check(groups[1])); // τ = 1.0: the paper expects no gap
    }

    [Fact]
    public void Single_annotator_needs_activelab_then_entropy_then_random()
    {
        RoundRow Row(string m, double acc) => new("single-annotator", m, "et", 0, 9, 0, acc, 0, 0, 0, 0, "n");
        var good = ResultGroup.Build([Row("random", 0.66), Row("entropy", 0.68), Row("crowdlab", 0.70)], Published).Single();
        var bad = ResultGroup.Build([Row("random", 0.69), Row("entropy", 0.68), Row("crowdlab", 0.70)], Published).Single();
        Assert.True(FidelityRules.Check(good).Single().Passed);
        Assert.False(FidelityRules.Check(bad).Single().Passed);
    }
}
