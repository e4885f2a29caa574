namespace ActiveLab.Cluster.Training;

/// <summary>
/// What a trainer sends back is checked against the job before a cell sees it: the member and fold it names, the
/// shapes of the probability matrices (held-out rows of that fold, the job's unlabeled rows, the test set, one column
/// per class), finite probabilities in [0, 1] and an accuracy in [0, 1]. A result that fails is a failed attempt of
/// that job, so a faulty or hostile node can neither crash the aggregation nor slip wrong numbers into a cell.
/// </summary>
internal static class ResultCheck
{
    /// <summary>Null when the output fits the job, else what is wrong.</summary>
    public static string? Problem(TrainingJob job, TrainingJobOutput output, DatasetRegistry datasets)
    {
        if (output.Member != job.Member || output.Fold != job.Fold.Index)
            return $"it names member {output.Member} fold {output.Fold}, the job is member {job.Member} fold {job.Fold.Index}";
        if (!double.IsFinite(output.Accuracy) || output.Accuracy is < 0 or > 1) return $"accuracy {output.Accuracy} is not in [0, 1]";
        if (job.Fold.IsFullFit) return null;
        var data = datasets.Get(job.Cell.Dataset, job.Cell.DatasetSeed);
        int k = data.NumClasses;
        var plan = FoldPlans.For(job.Rows.Labels, k, job.Fold.Options, job.StreamKey);
        if (job.Fold.Index >= plan.Folds.Count) return $"fold {job.Fold.Index} does not exist";
        return Matrix("held-out", output.HeldOut, plan.Folds[job.Fold.Index].HeldOutRows.Length, k)
               ?? Matrix("unlabeled", output.Unlabeled, job.Rows.UnlabeledIds.Length, k)
               ?? Matrix("test", output.Test, data.TestLabels.Length, k);
    }

    private static string? Matrix(string what, MatrixData? m, int rows, int columns)
    {
        if (m is null) return $"the {what} probabilities are missing";
        if (m.Rows != rows || m.Columns != columns || m.Values.Length != (long)rows * columns)
            return $"the {what} probabilities are {m.Rows} × {m.Columns} ({m.Values.Length} values), expected {rows} × {columns}";
        foreach (double v in m.Values)
            if (!(v >= 0 && v <= 1)) return $"the {what} probabilities hold {v}, not a probability";
        return null;
    }
}
