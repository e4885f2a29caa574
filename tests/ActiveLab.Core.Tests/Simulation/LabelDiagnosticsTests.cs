using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Tests.Simulation;

public class LabelDiagnosticsTests
{
    private static readonly LabelMatrix Sample = LabelMatrix.FromDense(new int[,]
    {
        { 0, 0, -1 },
        { 1, -1, -1 },
        { -1, -1, -1 },
        { 2, 1, -1 },
    });

    [Fact]
    public void LabelCountHistogram_CountsRowsPerLabelCount()
    {
        var h = LabelDiagnostics.LabelCountHistogram(Sample);
        Assert.Equal(new[] { 0, 1, 2 }, h.Keys);
        Assert.Equal(1, h[0]);
        Assert.Equal(1, h[1]);
        Assert.Equal(2, h[2]);
        Assert.Equal(5 / 4.0, LabelDiagnostics.MeanLabelsPerRow(Sample));
    }

    [Fact]
    public void AnnotatorAccuracies_OverLabeledRowsOnly_NaNForEmptyColumns()
    {
        int[] y = [0, 1, 2, 2];
        double[] acc = LabelDiagnostics.AnnotatorAccuracies(Sample, y);
        Assert.Equal(1.0, acc[0]);          // rows 0,1,3: labels 0,1,2 vs truth 0,1,2
        Assert.Equal(0.5, acc[1]);          // rows 0,3: labels 0,1 vs truth 0,2
        Assert.True(double.IsNaN(acc[2]));
    }

    [Fact]
    public void AnnotatorAccuracySummary_SkipsEmptyColumns()
    {
        int[] y = [0, 1, 2, 2];
        var s = LabelDiagnostics.AnnotatorAccuracySummary(Sample, y);
        Assert.Equal(2, s.Annotators);
        Assert.Equal(0.5, s.Min);
        Assert.Equal(1.0, s.Max);
        Assert.Equal(0.75, s.Mean);
    }

    [Fact]
    public void AnnotatorAccuracies_LengthMismatch_Throws()
    {
        Assert.Throws<ActiveLabInputException>(() => LabelDiagnostics.AnnotatorAccuracies(Sample, [0, 1]));
    }
}
