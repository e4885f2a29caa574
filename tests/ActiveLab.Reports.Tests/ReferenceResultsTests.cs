namespace ActiveLab.Reports.Tests;

public class ReferenceResultsTests
{
    private static readonly ReferenceResults Published = ReferenceResults.Published;

    [Fact]
    public void All_five_published_tables_are_embedded()
    {
        // Data lines of the five CSVs: 480 + 600 + 182 + 30 + 90.
        Assert.Equal(1382, Published.Points.Count);
        string[] expected =
        [
            "cifar-10h", "extra-benchmarks/single-annotator",
            "extra-benchmarks/single-vs-multiannotator/trace_frac=0.6", "extra-benchmarks/single-vs-multiannotator/trace_frac=0.7",
            "extra-benchmarks/single-vs-multiannotator/trace_frac=0.8", "extra-benchmarks/single-vs-multiannotator/trace_frac=0.9",
            "extra-benchmarks/single-vs-multiannotator/trace_frac=1.0",
            "wall-robot-completely-labeled/et", "wall-robot-completely-labeled/mlp", "wall-robot/et", "wall-robot/mlp",
        ];
        Assert.Equal(expected, Published.Points.Select(p => p.Benchmark).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Values_match_the_spec_tables()
    {
        var r0 = Published.Find("wall-robot/et", "crowdlab", ReportMetric.ConsensusAccuracy, 0)!;
        Assert.Equal(0.882, r0.Mean, 12);
        Assert.Equal(0.0, r0.Std);
        Assert.Equal(5, r0.Runs);
        Assert.False(r0.Digitized);
        // §6.2 wall-robot/et, ActiveLab model accuracy at round 19: 0.9879 ± 0.0009.
        var final = Published.Find("wall-robot/et", "crowdlab", ReportMetric.ModelAccuracy, 19)!;
        Assert.Equal(0.9879, final.Mean, 4);
        Assert.Equal(0.0009, final.Std!.Value, 4);
        Assert.Equal(19, Published.LastRound("wall-robot/et", "crowdlab", ReportMetric.ModelAccuracy));
    }

    [Fact]
    public void Digitised_extra_benchmark_values_have_no_std()
    {
        var p = Published.Find("extra-benchmarks/single-vs-multiannotator/trace_frac=0.6", "multiannotator", ReportMetric.ModelAccuracy, 0)!;
        Assert.True(p.Digitized);
        Assert.Null(p.Std);
        Assert.Equal(0.745, p.Mean, 2);
        Assert.Equal(8, Published.LastRound("extra-benchmarks/single-vs-multiannotator/trace_frac=0.6", "multiannotator", ReportMetric.ModelAccuracy));
        Assert.Null(Published.Find("extra-benchmarks/single-annotator", "crowdlab", ReportMetric.ConsensusAccuracy, 0));
    }

    [Theory]
    [InlineData("benchmark,method,metric,round,mean,std\nx,y,model_accuracy,0,0.5,0.1", "header")]
    [InlineData("benchmark,method,metric,round,mean,std,n_runs\nx,y,model_accuracy,0,0.5,0.1", "line 2: expected 7 fields")]
    [InlineData("benchmark,method,metric,round,mean,std,n_runs\nx,y,loss,0,0.5,0.1,5", "line 2: unknown metric 'loss'")]
    [InlineData("benchmark,method,metric,round,mean,std,n_runs\nx,y,model_accuracy,zero,0.5,0.1,5", "line 2:")]
    public void Malformed_tables_are_rejected_with_the_line(string csv, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ReferenceResults.Parse(csv, "t.csv"));
        Assert.Contains("t.csv", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("wall-robot", "et", "wall-robot/et")]
    [InlineData("wall-robot", "mlp", "wall-robot/mlp")]
    [InlineData("wall-robot", "mlp32", "wall-robot/mlp")]
    [InlineData("wall-robot-complete", "mlp32", "wall-robot-completely-labeled/mlp")]
    [InlineData("wall-robot", "mlp-torch", null)]
    [InlineData("wall-robot-complete", "et", "wall-robot-completely-labeled/et")]
    [InlineData("cifar-10h", "resnet18-head", "cifar-10h")]
    [InlineData("single-annotator", "et", "extra-benchmarks/single-annotator")]
    [InlineData("single-vs-multiannotator/0.6", "et", "extra-benchmarks/single-vs-multiannotator/trace_frac=0.6")]
    [InlineData("single-vs-multiannotator/1", "et", "extra-benchmarks/single-vs-multiannotator/trace_frac=1.0")]
    [InlineData("wall-robot", "knn", null)]
    [InlineData("my-data", "et", null)]
    public void Groups_map_to_the_papers_benchmarks(string dataset, string model, string? key) =>
        Assert.Equal(key, ReferenceBenchmarks.KeyFor(dataset, model));
}
