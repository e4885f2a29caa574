using System.Collections.Concurrent;
using System.Diagnostics;
using ActiveLab.Core;
using ActiveLab.Core.Metrics;
using ActiveLab.Models;
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

    private readonly ConcurrentDictionary<string, bool> _batches = new(StringComparer.Ordinal);

    /// <summary>True when jobs of this job's model gain from one stacked fit (<see cref="IClassifierFactory.BatchesFits"/>):
    /// only those are gathered into batches; the others are spread over the slots one at a time.</summary>
    public bool Batches(TrainingJob job) => job.Trainer != "noop" && _batches.GetOrAdd(job.Model, static (model, models) =>
    {
        try
        {
            return models.Create(model).BatchesFits;
        }
        catch (Exception)
        {
            return false; // a model this node cannot build fails in Execute, with its message, one job at a time
        }
    }, models);

    public TrainingJobOutput Execute(TrainingJob job)
    {
        var sw = Stopwatch.StartNew();
        var data = Dataset(job);
        if (job.Trainer == "noop") return NoOp(job, data, job.Fold.Options, sw);
        var prepared = Prepare(job, data);
        var fit = prepared.Input;
        var model = models.Create(job.Model).Fit(fit.X, fit.Y.Span, fit.NumClasses, fit.Rng);
        return Predict(prepared, model, sw, 0);
    }

    /// <summary>
    /// Runs several jobs of one model together: their fits go through <see cref="IClassifierFactory.FitMany"/> (one
    /// stacked computation where the model supports it, e.g. mlp-torch), then each job's predictions are made on its
    /// own. A job that cannot be prepared or predicted fails alone; if the batched fit itself throws, every job is run
    /// again on its own, so one bad member never fails the others. Seconds per job: the batch's preparation and fit
    /// time shared equally, plus the job's own predictions. A <see cref="NodeSetupException"/> (this node's data) is reported for the jobs it concerns.
    /// </summary>
    public TrainingJobResult[] ExecuteMany(IReadOnlyList<TrainingJob> jobs)
    {
        if (jobs.Count == 1 || jobs.Any(j => j.Trainer == "noop" || j.Model != jobs[0].Model)) return [.. jobs.Select(ExecuteOne)];
        var sw = Stopwatch.StartNew();
        var results = new TrainingJobResult?[jobs.Count];
        var prepared = new List<(int Index, PreparedJob Job)>();
        for (int i = 0; i < jobs.Count; i++)
        {
            try
            {
                prepared.Add((i, Prepare(jobs[i], Dataset(jobs[i]))));
            }
            catch (Exception e)
            {
                results[i] = TrainingJobResult.From(e);
            }
        }
        IFittedClassifier[] fitted;
        try
        {
            fitted = models.Create(jobs[0].Model).FitMany([.. prepared.Select(p => p.Job.Input)]);
        }
        catch (Exception)
        {
            foreach (var (index, _) in prepared) results[index] = ExecuteOne(jobs[index]);
            return [.. results.Select(r => r!)];
        }
        double share = sw.Elapsed.TotalSeconds / Math.Max(1, prepared.Count);
        for (int p = 0; p < prepared.Count; p++)
        {
            var (index, job) = prepared[p];
            try
            {
                results[index] = new TrainingJobResult(Predict(job, fitted[p], Stopwatch.StartNew(), share), null, false);
            }
            catch (Exception e)
            {
                results[index] = TrainingJobResult.From(e);
            }
        }
        return [.. results.Select(r => r!)];
    }

    private TrainingJobResult ExecuteOne(TrainingJob job)
    {
        try
        {
            return new TrainingJobResult(Execute(job), null, false);
        }
        catch (Exception e)
        {
            return TrainingJobResult.From(e);
        }
    }

    /// <summary>The job's dataset, loaded once per node and checked against the coordinator's fingerprint.</summary>
    private LoadedDataset Dataset(TrainingJob job)
    {
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
        return data;
    }

    /// <summary>A job ready to fit: its fit input (rows, labels, generator) and what its predictions need.</summary>
    private sealed record PreparedJob(TrainingJob Job, LoadedDataset Data, Matrix X, FoldSplit? Split, ClassifierTrainingJob Input);

    private static PreparedJob Prepare(TrainingJob job, LoadedDataset data)
    {
        int k = data.NumClasses;
        var x = data.FeaturesById.SelectRows(job.Rows.LabeledIds);
        if (job.Fold.IsFullFit)
            return new PreparedJob(job, data, x, null, CrossValidatedTrainer.FullFitInput(x, job.Rows.Labels, k, job.StreamKey));
        var plan = FoldPlans.For(job.Rows.Labels, k, job.Fold.Options, job.StreamKey);
        if (job.Fold.Index < 0 || job.Fold.Index >= plan.Folds.Count)
            throw new ArgumentException($"fold {job.Fold.Index} does not exist (the split has {plan.Folds.Count})");
        var split = plan.Folds[job.Fold.Index];
        return new PreparedJob(job, data, x, split, CrossValidatedTrainer.FoldFitInput(split, x, job.Rows.Labels, k, job.StreamKey));
    }

    /// <summary>The job's output from its fitted model; its seconds are <paramref name="fitSeconds"/> plus what
    /// <paramref name="clock"/> shows once the predictions are made (train_seconds covers fit and predictions).</summary>
    private TrainingJobOutput Predict(PreparedJob p, IFittedClassifier model, Stopwatch clock, double fitSeconds)
    {
        var (job, data) = (p.Job, p.Data);
        if (p.Split is null)
        {
            double full = RoundMetrics.ArgMaxAccuracy(model.PredictProba(data.TestFeatures), data.TestLabels);
            return new TrainingJobOutput(job.JobId, job.Member, job.Fold.Index, null, null, null, full, fitSeconds + clock.Elapsed.TotalSeconds, Node);
        }
        var xu = data.FeaturesById.SelectRows(job.Rows.UnlabeledIds);
        var fold = CrossValidatedTrainer.PredictFold(model, p.Split, p.X, xu, data.TestFeatures, data.TestLabels, data.NumClasses);
        var heldOut = MatrixData.From(fold.HeldOut);
        var unlabeled = MatrixData.From(fold.Unlabeled);
        var test = MatrixData.From(fold.Test);
        return new TrainingJobOutput(job.JobId, job.Member, job.Fold.Index, heldOut, unlabeled, test, fold.Accuracy,
            fitSeconds + clock.Elapsed.TotalSeconds, Node);
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
