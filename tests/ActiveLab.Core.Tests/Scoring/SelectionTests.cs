using ActiveLab.Core.Scoring;

namespace ActiveLab.Core.Tests.Scoring;

public class SelectionTests
{
    [Fact]
    public void Picks_the_lowest_scores_across_both_pools_in_ascending_order()
    {
        var sel = Selection.LowestScores([0.5, 0.1, 0.9], [0.3, 0.05, 0.7], 3);
        Assert.Equal([1], sel.Relabel);
        Assert.Equal([1, 0], sel.New);
    }

    [Fact]
    public void Ties_break_by_lower_index_labeled_before_unlabeled()
    {
        var sel = Selection.LowestScores([0.2, 0.1, 0.2], [0.1, 0.2], 3);
        Assert.Equal([1, 0], sel.Relabel);
        Assert.Equal([0], sel.New);
    }

    [Fact]
    public void Budget_larger_than_pool_returns_everything()
    {
        var sel = Selection.LowestScores([0.4], [0.3], 10);
        Assert.Single(sel.Relabel);
        Assert.Single(sel.New);
    }

    [Fact]
    public void Nan_scores_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Selection.LowestScores([0.1, double.NaN], [], 1));
    }
}
