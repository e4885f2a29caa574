using ActiveLab.Core.Consensus;
using ActiveLab.Core.Scoring;

namespace ActiveLab.Core.Tests.Consensus;

/// <summary>Bad input raises a clear <see cref="ActiveLabInputException"/> naming the input and cell.</summary>
public class InputValidationTests
{
    private static LabelMatrix L(params int?[][] rows) => LabelMatrix.FromRows(rows.Select(r => (IReadOnlyList<int?>)r).ToList());
    private static Matrix P(params double[][] rows) => Matrix.FromRows(rows);

    private static readonly LabelMatrix Good = L([0, 1], [1, 1], [0, null]);
    private static readonly Matrix GoodP = P([0.6, 0.4], [0.2, 0.8], [0.9, 0.1]);

    [Fact]
    public void Label_not_below_K_is_rejected()
    {
        var ex = Assert.Throws<ActiveLabInputException>(() => Crowdlab.GetLabelQuality(L([0, 2], [1, 1], [0, null]), GoodP));
        Assert.Equal("labels", ex.Input);
        Assert.Equal(0, ex.Row);
        Assert.Equal(1, ex.Column);
        Assert.Contains("outside 0..1", ex.Message);
    }

    [Fact]
    public void Negative_label_is_rejected_when_building_the_matrix()
    {
        var ex = Assert.Throws<ActiveLabInputException>(() => new LabelMatrix.Builder(2, 2).Add(1, 0, -3));
        Assert.Equal(1, ex.Row);
        Assert.Contains("negative", ex.Message);
    }

    [Fact]
    public void Probability_row_not_summing_to_one_is_rejected()
    {
        var ex = Assert.Throws<ActiveLabInputException>(() => Crowdlab.GetLabelQuality(Good, P([0.6, 0.4], [0.2, 0.7], [0.9, 0.1])));
        Assert.Equal("predProbs", ex.Input);
        Assert.Equal(1, ex.Row);
        Assert.Contains("sum", ex.Message);
    }

    [Fact]
    public void Row_sum_within_1e_6_is_accepted()
    {
        var res = Crowdlab.GetLabelQuality(Good, P([0.6, 0.4000005], [0.2, 0.8], [0.9, 0.1]));
        Assert.Equal(3, res.ConsensusLabel.Length);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_probability_is_rejected(double bad)
    {
        var ex = Assert.Throws<ActiveLabInputException>(() => ActiveLabScores.Library(Good, P([0.6, 0.4], [bad, 0.8], [0.9, 0.1]), null));
        Assert.Equal(1, ex.Row);
        Assert.Equal(0, ex.Column);
        Assert.Contains("finite", ex.Message);
    }

    [Fact]
    public void Shape_mismatches_are_rejected()
    {
        Assert.Throws<ActiveLabInputException>(() => Crowdlab.GetLabelQuality(Good, P([0.6, 0.4], [0.2, 0.8])));
        var ex = Assert.Throws<ActiveLabInputException>(() => ActiveLabScores.Library(Good, GoodP, P([0.3, 0.3, 0.4])));
        Assert.Equal("predProbsUnlabeled", ex.Input);
    }

    [Fact]
    public void Labeled_example_without_label_is_rejected()
    {
        var ex = Assert.Throws<ActiveLabInputException>(() => Crowdlab.GetLabelQuality(L([0, 1], [null, null], [0, 0]), GoodP));
        Assert.Equal(1, ex.Row);
        Assert.Contains("no label", ex.Message);
    }

    [Fact]
    public void Annotator_without_label_is_rejected()
    {
        var ex = Assert.Throws<ActiveLabInputException>(() => Crowdlab.GetLabelQuality(L([0, 1, null], [1, 1, null], [0, 0, null]), GoodP));
        Assert.Equal(2, ex.Column);
    }

    [Fact]
    public void Fewer_than_two_classes_is_rejected()
    {
        var ex = Assert.Throws<ActiveLabInputException>(() => Crowdlab.GetLabelQuality(L([0, 0], [0, 0]), P([1.0], [1.0])));
        Assert.Contains("at least 2 classes", ex.Message);
    }

    [Fact]
    public void Multi_annotator_consensus_refuses_single_labels_but_active_learning_scores_accept_them()
    {
        var single = L([0, null], [null, 1], [1, null]);
        Assert.Throws<ActiveLabInputException>(() => Crowdlab.GetLabelQuality(single, GoodP));
        var scores = ActiveLabScores.Library(single, GoodP, null);
        Assert.Equal(3, scores.Labeled.Length);
    }

    [Fact]
    public void Duplicate_cell_is_rejected()
    {
        var ex = Assert.Throws<ActiveLabInputException>(() => new LabelMatrix.Builder(2, 2).Add(0, 1, 0).Add(0, 1, 1).Build());
        Assert.Contains("twice", ex.Message);
    }
}
