namespace ActiveLab.Reports.Tests;

public class RoundSummaryTests
{
    [Fact]
    public void Mean_and_population_std()
    {
        var s = RoundSummary.Of(3, [1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(3, s.Round);
        Assert.Equal(2.5, s.Mean, 15);
        Assert.Equal(Math.Sqrt(1.25), s.Std, 15); // ddof = 0, as the paper's bands
        Assert.Equal(4, s.Runs);
    }

    [Fact]
    public void Non_finite_values_are_not_runs()
    {
        var s = RoundSummary.Of(0, [0.5, double.NaN, 0.7]);
        Assert.Equal(2, s.Runs);
        Assert.Equal(0.6, s.Mean, 15);
        Assert.Equal(0.1, s.Std, 15);
        var none = RoundSummary.Of(0, [double.NaN]);
        Assert.Equal(0, none.Runs);
        Assert.True(double.IsNaN(none.Mean));
    }

    [Fact]
    public void Display_names_and_legend_order_follow_the_paper()
    {
        Assert.Equal("ActiveLab", MethodNames.Display("crowdlab"));
        Assert.Equal("ActiveLab (ensemble)", MethodNames.Display("crowdlab_ensemble"));
        Assert.Equal("Good Random", MethodNames.Display("good_random"));
        Assert.Equal("my_method", MethodNames.Display("my_method"));
        Assert.Equal(["random", "entropy", "crowdlab", "zzz"], MethodNames.InLegendOrder(["zzz", "crowdlab", "random", "entropy", "random"]));
        Assert.False(MethodNames.IsSingleModel("disagreement"));
        Assert.True(MethodNames.IsSingleModel("crowdlab"));
    }
}
