using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Tests.Simulation;

public class LabelPoolTests
{
    [Fact]
    public void FromLabelMatrix_KeepsNonMissingLabelsInColumnOrder()
    {
        var m = LabelMatrix.FromDense(new int[,] { { 2, -1, 0 }, { -1, -1, -1 }, { 1, 3, 1 } });
        var pool = LabelPool.FromLabelMatrix(m);
        Assert.Equal(3, pool.Rows);
        Assert.Equal(5, pool.Count);
        Assert.Equal(new[] { 2, 0 }, pool.LabelsOfRow(0).ToArray());
        Assert.Equal(0, pool.CountInRow(1));
        Assert.Equal(new[] { 1, 3, 1 }, pool.LabelsOfRow(2).ToArray());
    }

    [Fact]
    public void SelectRowsAndConcat_GrowWithTheLabeledSet()
    {
        var labeled = LabelPool.FromRows([new[] { 0, 1 }, new[] { 2 }]);
        var unlabeled = LabelPool.FromRows([new[] { 3 }, new[] { 1, 1 }, new[] { 0, 2, 3 }]);
        var grown = labeled.Concat(unlabeled.SelectRows([2, 0]));
        Assert.Equal(4, grown.Rows);
        Assert.Equal(new[] { 0, 1 }, grown.LabelsOfRow(0).ToArray());
        Assert.Equal(new[] { 2 }, grown.LabelsOfRow(1).ToArray());
        Assert.Equal(new[] { 0, 2, 3 }, grown.LabelsOfRow(2).ToArray());
        Assert.Equal(new[] { 3 }, grown.LabelsOfRow(3).ToArray());
    }

    [Fact]
    public void BadInput_Throws()
    {
        Assert.Throws<ActiveLabInputException>(() => LabelPool.FromRows([new[] { 0, -2 }]));
        var pool = LabelPool.FromRows([new[] { 0 }]);
        Assert.Throws<ActiveLabInputException>(() => pool.SelectRows([1]));
    }
}
