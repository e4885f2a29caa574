namespace ActiveLab.Results;

/// <summary>
/// One row of <c>rounds.parquet</c>: the metrics of one round of one cell (dataset × method × model × repeat).
/// Plain Parquet types only (UTF-8 strings, int32, double; no nulls, no nesting) so pandas / pyarrow / DuckDB read it;
/// the columns are the snake_case names of the parameters (see <see cref="ParquetTables.RoundsSchema"/>).
/// </summary>
/// <param name="Dataset">Benchmark name, e.g. "wall-robot".</param>
/// <param name="Method">Result-file name of the method: crowdlab, random, good_random, …</param>
/// <param name="Model">Model name: et, mlp, knn, ensemble (mlp+et+knn), resnet18-head…</param>
/// <param name="Repeat">Repeat (run) index, 0-based.</param>
/// <param name="Round">Round index t, 0-based.</param>
/// <param name="ConsensusAccuracy">Consensus-label accuracy on the labeled set before training (spec §5).</param>
/// <param name="ModelAccuracy">Test accuracy per spec §2.4.4.</param>
/// <param name="DistributionEntropy">Distribution entropy of the label matrix before training.</param>
/// <param name="NumNewExamples">Previously unlabeled examples selected this round.</param>
/// <param name="LabelsCollected">Annotations in the label matrix at the start of the round.</param>
/// <param name="TrainSeconds">Sum of the wall seconds of this round's training jobs.</param>
/// <param name="Node">Address of the node(s) that trained this round (comma-separated when several).</param>
public sealed record RoundRow(
    string Dataset,
    string Method,
    string Model,
    int Repeat,
    int Round,
    double ConsensusAccuracy,
    double ModelAccuracy,
    double DistributionEntropy,
    int NumNewExamples,
    int LabelsCollected,
    double TrainSeconds,
    string Node);
