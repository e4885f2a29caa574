namespace ActiveLab.Reports;

/// <summary>The two per-round metrics the paper reports (spec §5).</summary>
public enum ReportMetric
{
    /// <summary>Test accuracy of the round's model (<c>model_accuracy</c>).</summary>
    ModelAccuracy,

    /// <summary>Accuracy of the consensus labels on the current labeled set (<c>consensus_accuracy</c>).</summary>
    ConsensusAccuracy,
}

/// <summary>Names of <see cref="ReportMetric"/> in files and on screen.</summary>
public static class ReportMetrics
{
    public static IReadOnlyList<ReportMetric> All { get; } = [ReportMetric.ModelAccuracy, ReportMetric.ConsensusAccuracy];

    /// <summary>The metric's name in the published reference tables.</summary>
    public static string ReferenceName(this ReportMetric metric) => metric switch
    {
        ReportMetric.ModelAccuracy => "model_accuracy",
        _ => "consensus_label_accuracy",
    };

    /// <summary>Human-readable title, as on the paper's y axes.</summary>
    public static string Title(this ReportMetric metric) => metric switch
    {
        ReportMetric.ModelAccuracy => "Model accuracy",
        _ => "Consensus label accuracy",
    };

    /// <summary>File-name slug, e.g. <c>model-accuracy</c>.</summary>
    public static string Slug(this ReportMetric metric) => metric switch
    {
        ReportMetric.ModelAccuracy => "model-accuracy",
        _ => "consensus-accuracy",
    };

    /// <summary>The metric's value in a results row.</summary>
    public static double ValueOf(this ReportMetric metric, ActiveLab.Results.RoundRow row) => metric switch
    {
        ReportMetric.ModelAccuracy => row.ModelAccuracy,
        _ => row.ConsensusAccuracy,
    };
}
