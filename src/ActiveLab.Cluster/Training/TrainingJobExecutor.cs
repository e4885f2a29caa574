using System.Collections.Concurrent;
using System.Diagnostics;
using ActiveLab.Core;
using ActiveLab.Models.CrossValidation;

namespace ActiveLab.Cluster.Training;

/// <summary>
/// Runs one <see cref="TrainingJob"/> on this node: loads (once) and checks the dataset, rebuilds the job's
/// deterministic fold split, trains the fold (or the full-data model), and returns its predictions. Pure — no Akka —
/// so it is tested directly and called from the trainer actor on a worker thread.
/// </summary>
public sealed class TrainingJobExecutor(DatasetRegistry datasets, ITrainingModels models, string node)
{
    public string Node { get; } = node;

    public TrainingJobOutput Execute(TrainingJob job)
    {
        var sw = Stopwatch.StartNew();
        LoadedDataset data;
        try
        {
            data = datasets.Get(job.Cell.Dataset, job.Cell.DatasetSeed);
        }
        catch (Exception e) when (e is ActiveLab.Data.DataFormatException or FileNotFoundException or DirectoryNotFoundException
                                       or ActiveLab.Data.UnknownBenchmarkException or UnauthorizedAccessException)
        {
            // This node's data dir is wrong: not the job's fault (the coordinator loaded the same dataset).
            string hint = e is ActiveLab.Data.UnknownBenchmarkException
                ? "; if it is one of the sweep's own datasets, give this node the sweep config (activelab worker --datasets-config <config>)"
                : "";
            throw new NodeSetupException($"dataset {job.Cell.Dataset} cannot be loaded on node {Node} (data dir {datasets.DataDir}): {e.Message}{hint}");
        }
        if (data.Fingerprint != job.Cell.DatasetFingerprint)
            throw new NodeSetupException(
                $"dataset {job.Cell.Dataset} on node {Node} (data dir {datasets.DataDir}) has fingerprint {data.Fingerprint}, " +
                $"but the coordinator's is {job.Cell.DatasetFingerprint}: the nodes do not have the same data files");
        int k = data.NumClasses;
        var options = job.Fold.Options;
        var key = job.StreamKey;

        if (job.Trainer == "noop") return NoOp(job, data, options, sw);

        var factory = models.Create(job.Model);
        var x = data.FeaturesById.SelectRows(job.Rows.LabeledIds);
        if (job.Fold.IsFullFit)
        {
            double full = CrossValidatedTrainer.FullFitAccuracy(factory, x, job.Rows.Labels, data.TestFeatures, data.TestLabels, k, key);
            return new TrainingJobOutput(job.JobId, job.Member, job.Fold.Index, null, null, null, full, sw.Elapsed.TotalSeconds, Node);
        }
        var plan = FoldPlans.For(job.Rows.Labels, k, options, key);
        var xu = data.FeaturesById.SelectRows(job.Rows.UnlabeledIds);
        var fold = CrossValidatedTrainer.TrainFold(factory, plan.Folds[job.Fold.Index], x, job.Rows.Labels, xu, data.TestFeatures, data.TestLabels, k, key);
        return new TrainingJobOutput(job.JobId, job.Member, job.Fold.Index, MatrixData.From(fold.HeldOut), MatrixData.From(fold.Unlabeled),
            MatrixData.From(fold.Test), fold.Accuracy, sw.Elapsed.TotalSeconds, Node);
    }

    /// <summary>
    /// The capacity-test trainer: uniform probabilities of the right shapes, at once. It hands out one shared, read-only
    /// matrix per shape (the cell only reads fold outputs), so the capacity benchmark measures the orchestrator rather
    /// than this stand-in allocating ~100 KB per job.
    /// </summary>
    private TrainingJobOutput NoOp(TrainingJob job, LoadedDataset data, CrossValidationOptions options, Stopwatch sw)
    {
        int k = data.NumClasses;
        if (job.Fold.IsFullFit)
            return new TrainingJobOutput(job.JobId, job.Member, job.Fold.Index, null, null, null, 1.0 / k, sw.Elapsed.TotalSeconds, Node);
        var plan = FoldPlans.For(job.Rows.Labels, k, options, job.StreamKey);
        return new TrainingJobOutput(job.JobId, job.Member, job.Fold.Index, Uniform(plan.Folds[job.Fold.Index].HeldOutRows.Length, k),
            Uniform(job.Rows.UnlabeledIds.Length, k), Uniform(data.TestLabels.Length, k), 1.0 / k, sw.Elapsed.TotalSeconds, Node);
    }

    private static readonly ConcurrentDictionary<(int Rows, int Columns), MatrixData> UniformByShape = new();

    private static MatrixData Uniform(int rows, int k) => UniformByShape.GetOrAdd((rows, k), shape =>
    {
        var values = new double[shape.Rows * shape.Columns];
        Array.Fill(values, 1.0 / shape.Columns);
        return new MatrixData(shape.Rows, shape.Columns, values);
    });
}
