namespace ActiveLab.Cluster.Training;

/// <summary>How one job of <see cref="TrainingJobExecutor.ExecuteMany"/> ended: its output, or the error (a
/// <see cref="NodeSetupException"/> marks a problem of this node rather than of the job).</summary>
public sealed record TrainingJobResult(TrainingJobOutput? Output, string? Error, bool SetupError)
{
    public static TrainingJobResult From(Exception e) => e is NodeSetupException
        ? new TrainingJobResult(null, e.Message, true)
        : new TrainingJobResult(null, $"{e.GetType().Name}: {e.Message}", false);
}
