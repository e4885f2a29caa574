namespace ActiveLab.Data;

/// <summary>
/// A user's own tabular dataset as a sweep config declares it (<c>activelab.datasets.&lt;name&gt; { ... }</c>). Paths are
/// relative to the data dir (or absolute); <c>.parquet</c> files are read as Parquet, anything else as CSV.
/// </summary>
/// <param name="Name">The dataset's name in the sweep (cell ids, result files); never a benchmark's name.</param>
/// <param name="Train">Train table: numeric feature columns plus <paramref name="LabelColumn"/>, one row per example.</param>
/// <param name="Test">Test table with the same columns.</param>
/// <param name="LabelColumn">Column holding each row's true class (classes = sorted distinct values of train).</param>
/// <param name="Labeled">N_L: train rows annotated at round 0; the other train rows form the unlabeled pool.</param>
/// <param name="Annotators">M: simulated annotators (spec §1.4 recipe); unused with <paramref name="Annotations"/>.</param>
/// <param name="AnnotatorAccuracy">τ: trace of the noise matrix / K; unused with <paramref name="Annotations"/>.</param>
/// <param name="Annotations">Optional table of real annotations: one row per train row (same order), one column per
/// annotator, empty cell = no label. Null = simulated annotators.</param>
public sealed record OwnDatasetDefinition(
    string Name, string Train, string Test, string LabelColumn, int Labeled,
    int Annotators = OwnDatasetDefinition.DefaultAnnotators, double AnnotatorAccuracy = OwnDatasetDefinition.DefaultAnnotatorAccuracy,
    string? Annotations = null)
{
    /// <summary>The paper's pool size (spec §1.4).</summary>
    public const int DefaultAnnotators = 30;

    /// <summary>The paper's τ of <c>wall-robot</c> (spec §1.4).</summary>
    public const double DefaultAnnotatorAccuracy = 0.85;

    /// <summary>Full path of a table named in the definition.</summary>
    public static string Resolve(string dataDir, string path) => Path.GetFullPath(Path.Combine(dataDir, path));

    /// <summary>The tables this dataset reads, in a fixed order (train, test, annotations when given).</summary>
    public IReadOnlyList<string> Files => Annotations is null ? [Train, Test] : [Train, Test, Annotations];
}
