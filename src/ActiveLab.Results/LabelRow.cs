namespace ActiveLab.Results;

/// <summary>
/// One row of <c>labels.parquet</c>: one annotation collected in one round of one cell.
/// </summary>
/// <param name="Dataset">Benchmark name.</param>
/// <param name="Method">Method result name.</param>
/// <param name="Model">Model name.</param>
/// <param name="Repeat">Repeat index.</param>
/// <param name="Round">Round in which the example was selected.</param>
/// <param name="ExampleId">Benchmark example id (initial labeled 0..N0−1, then initial unlabeled N0..).</param>
/// <param name="Selection">"relabel" (already labeled) or "new" (moved from the unlabeled pool).</param>
/// <param name="Rank">Position in the round's selection order (0 = lowest score).</param>
/// <param name="Label">The label the simulated annotator gave.</param>
public sealed record LabelRow(
    string Dataset,
    string Method,
    string Model,
    int Repeat,
    int Round,
    int ExampleId,
    string Selection,
    int Rank,
    int Label);
