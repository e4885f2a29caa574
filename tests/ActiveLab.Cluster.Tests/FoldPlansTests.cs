using ActiveLab.Cluster.Training;
using ActiveLab.Core.Randomness;
using ActiveLab.Models.CrossValidation;

namespace ActiveLab.Cluster.Tests;

public class FoldPlansTests
{
    private static string Dump(CrossValidationPlan p) => string.Join(" | ", p.Folds.Select(f =>
        $"{f.Fold}: {string.Join(",", f.TrainRows)} / {string.Join(",", f.HeldOutRows)} / {string.Join(",", f.Duplicated)}"));

    [Fact]
    public void The_memo_returns_the_split_CrossValidationPlan_computes_and_only_for_the_same_inputs()
    {
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1, 0, 0, 1, 3];
        var options = new CrossValidationOptions(Folds: 5);
        var key = new StreamKey(7, "wall-robot", "random/et", 0, 2, "train:m0");

        var plan = FoldPlans.For(labels, 4, options, key);
        Assert.Equal(Dump(CrossValidationPlan.Create(labels, 4, options, key)), Dump(plan));
        Assert.Same(plan, FoldPlans.For(labels, 4, options with { FullFit = true }, key)); // fields that do not shape the split

        var otherMember = FoldPlans.For(labels, 4, options, key with { Purpose = "train:m1" });
        Assert.NotSame(plan, otherMember);
        Assert.Equal(Dump(CrossValidationPlan.Create(labels, 4, options, key with { Purpose = "train:m1" })), Dump(otherMember));
        Assert.Equal(Dump(CrossValidationPlan.Create(labels, 4, options with { Shuffle = false }, key)),
            Dump(FoldPlans.For(labels, 4, options with { Shuffle = false }, key)));
        Assert.Equal(Dump(CrossValidationPlan.Create((int[])labels.Clone(), 4, options, key)), Dump(FoldPlans.For((int[])labels.Clone(), 4, options, key)));
    }
}
