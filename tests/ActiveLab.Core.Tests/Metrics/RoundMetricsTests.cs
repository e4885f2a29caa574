using ActiveLab.Core.Metrics;

namespace ActiveLab.Core.Tests.Metrics;

public class RoundMetricsTests
{
    private static LabelMatrix L(params int?[][] rows) => LabelMatrix.FromRows(rows.Select(r => (IReadOnlyList<int?>)r).ToList());

    [Fact]
    public void Consensus_accuracy_counts_matches()
    {
        Assert.Equal(0.75, RoundMetrics.ConsensusAccuracy([0, 1, 2, 1], [0, 1, 2, 0]));
    }

    [Fact]
    public void Distribution_entropy_uses_only_present_classes()
    {
        // Classes 0 and 2 present (K' = 2); ē = (0.75, 0.25).
        var a = L([0, 2], [0, null]);
        double e = 0.75, f = 0.25;
        Assert.Equal(-(e * Math.Log(e) + f * Math.Log(f)) / Math.Log(2), RoundMetrics.DistributionEntropy(a), 14);
    }

    [Fact]
    public void Per_example_counts_pad_unlabeled_with_zeros()
    {
        var a = L([0, 1], [1, null]);
        Assert.Equal([2, 1, 0, 0, 0], RoundMetrics.PerExampleCounts(a, 3));
    }
}
