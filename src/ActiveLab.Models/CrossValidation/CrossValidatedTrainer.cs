using ActiveLab.Core;
using ActiveLab.Core.Metrics;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.CrossValidation;

/// <summary>
/// Cross-validated training as the benchmarks do it (spec §2.4.1): stratified folds on the consensus labels, a fresh
/// model per fold, out-of-fold probabilities for the labeled rows, fold-mean probabilities for the unlabeled rows and
/// the test set, and the model accuracy as the mean of the fold models' test accuracies.
/// <para>It comes in pieces so a cluster can train one fold per job: <see cref="CrossValidationPlan.Create"/> (the
/// split), <see cref="TrainFold"/> (one fold model) and <see cref="Aggregate"/> (P, mean Q, mean R, accuracies);
/// <see cref="Run"/> does all three in one process.</para>
/// <para>Random streams: the fold split draws from <c>key.WithPurpose("folds")</c>, fold f's model from
/// <c>key.WithPurpose("fit:f")</c>, the full-data model from <c>key.WithPurpose("fit:all")</c> — so folds may run in any
/// order, process or machine with identical results.</para>
/// </summary>
public static class CrossValidatedTrainer
{
    /// <summary>Runs one cross-validated training in this process.</summary>
    /// <param name="factory">The model family.</param>
    /// <param name="x">Labeled features, N × F.</param>
    /// <param name="labels">Training (consensus) labels, length N, in 0..K−1.</param>
    /// <param name="xUnlabeled">Unlabeled features, N_U × F (N_U may be 0).</param>
    /// <param name="xTest">Test features, N_test × F.</param>
    /// <param name="yTest">Test labels.</param>
    /// <param name="numClasses">K: width of every probability matrix. Classes absent from the labels get 0.</param>
    /// <param name="key">The stream key of this training job.</param>
    /// <param name="options">Folds and variants.</param>
    public static CrossValidationResult Run(
        IClassifierFactory factory, Matrix x, int[] labels, Matrix xUnlabeled, Matrix xTest, int[] yTest,
        int numClasses, StreamKey key, CrossValidationOptions? options = null)
    {
        options ??= new CrossValidationOptions();
        if (labels.Length != x.Rows) throw new ArgumentException($"{labels.Length} labels for {x.Rows} rows", nameof(labels));
        var plan = CrossValidationPlan.Create(labels, numClasses, options, key);
        var outputs = new FoldOutput[options.Folds];
        void Train(int f) => outputs[f] = TrainFold(factory, plan.Folds[f], x, labels, xUnlabeled, xTest, yTest, numClasses, key);
        if (options.MaxDegreeOfParallelism <= 1)
            for (int f = 0; f < outputs.Length; f++) Train(f);
        else
            Parallel.For(0, outputs.Length, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, Train);
        double? fullFit = options.FullFit ? FullFitAccuracy(factory, x, labels, xTest, yTest, numClasses, key) : null;
        return Aggregate(plan, outputs, fullFit);
    }

    /// <summary>Trains the model of one fold and predicts its held-out rows, the unlabeled rows and the test set.</summary>
    public static FoldOutput TrainFold(
        IClassifierFactory factory, FoldSplit split, Matrix x, ReadOnlySpan<int> labels, Matrix xUnlabeled, Matrix xTest,
        int[] yTest, int numClasses, StreamKey key)
    {
        if (yTest.Length != xTest.Rows) throw new ArgumentException($"{yTest.Length} test labels for {xTest.Rows} test rows", nameof(yTest));
        var input = FoldFitInput(split, x, labels, numClasses, key);
        var model = factory.Fit(input.X, input.Y.Span, input.NumClasses, input.Rng);
        return PredictFold(model, split, x, xUnlabeled, xTest, yTest, numClasses);
    }

    /// <summary>What <see cref="TrainFold"/> fits: the fold's training rows and labels, and the generator
    /// <c>key.WithPurpose("fit:&lt;fold&gt;")</c> (for callers that fit many folds at once with
    /// <see cref="IClassifierFactory.FitMany"/>).</summary>
    public static ClassifierTrainingJob FoldFitInput(FoldSplit split, Matrix x, ReadOnlySpan<int> labels, int numClasses, StreamKey key)
    {
        var trainY = new int[split.TrainRows.Length];
        for (int r = 0; r < trainY.Length; r++) trainY[r] = labels[split.TrainRows[r]];
        return new ClassifierTrainingJob(x.SelectRows(split.TrainRows), trainY, numClasses, Rng.For(key.WithPurpose($"fit:{split.Fold}")));
    }

    /// <summary>The fold's outputs from its fitted model: held-out rows (duplicated rows forced to their class), the
    /// unlabeled rows, the test set and the test accuracy.</summary>
    public static FoldOutput PredictFold(IFittedClassifier model, FoldSplit split, Matrix x, Matrix xUnlabeled, Matrix xTest, int[] yTest,
        int numClasses)
    {
        if (yTest.Length != xTest.Rows) throw new ArgumentException($"{yTest.Length} test labels for {xTest.Rows} test rows", nameof(yTest));
        var heldOut = model.PredictProba(x.SelectRows(split.HeldOutRows));
        foreach (var (row, cls) in split.Duplicated)
        {
            var target = heldOut.Row(Array.BinarySearch(split.HeldOutRows, row));
            target.Clear();
            target[cls] = 1.0;
        }
        var unlabeled = xUnlabeled.Rows > 0 ? model.PredictProba(xUnlabeled) : new Matrix(0, numClasses);
        var test = model.PredictProba(xTest);
        return new FoldOutput(split.Fold, heldOut, unlabeled, test, RoundMetrics.ArgMaxAccuracy(test, yTest));
    }

    /// <summary>Test accuracy of one model fit on all labeled rows (<c>key.WithPurpose("fit:all")</c>).</summary>
    public static double FullFitAccuracy(IClassifierFactory factory, Matrix x, int[] labels, Matrix xTest, int[] yTest, int numClasses, StreamKey key)
    {
        var input = FullFitInput(x, labels, numClasses, key);
        return RoundMetrics.ArgMaxAccuracy(factory.Fit(input.X, input.Y.Span, input.NumClasses, input.Rng).PredictProba(xTest), yTest);
    }

    /// <summary>What <see cref="FullFitAccuracy"/> fits: all labeled rows and <c>key.WithPurpose("fit:all")</c>.</summary>
    public static ClassifierTrainingJob FullFitInput(Matrix x, int[] labels, int numClasses, StreamKey key) =>
        new(x, labels, numClasses, Rng.For(key.WithPurpose("fit:all")));

    /// <summary>
    /// Combines the fold outputs (any order) into P, the fold means of Q and R (summed in fold order, so the result does
    /// not depend on which fold finished first) and the fold accuracies.
    /// </summary>
    public static CrossValidationResult Aggregate(CrossValidationPlan plan, IReadOnlyList<FoldOutput> outputs, double? fullFitAccuracy = null)
    {
        if (outputs.Count != plan.Folds.Count) throw new ArgumentException($"{outputs.Count} fold outputs for {plan.Folds.Count} folds", nameof(outputs));
        var byFold = outputs.OrderBy(o => o.Fold).ToArray();
        for (int f = 0; f < byFold.Length; f++)
            if (byFold[f].Fold != f) throw new ArgumentException($"fold {f} is missing or repeated", nameof(outputs));
        int k = byFold[0].Test.Columns;
        var oof = new Matrix(plan.Rows, k);
        foreach (var o in byFold)
        {
            var rows = plan.Folds[o.Fold].HeldOutRows;
            for (int r = 0; r < rows.Length; r++) o.HeldOut.ReadRow(r).CopyTo(oof.Row(rows[r]));
        }
        return new CrossValidationResult(oof, FoldMean(byFold.Select(o => o.Unlabeled).ToArray(), k),
            FoldMean(byFold.Select(o => o.Test).ToArray(), k), byFold.Select(o => o.Accuracy).ToArray(), fullFitAccuracy);
    }

    private static Matrix FoldMean(Matrix[] perFold, int k)
    {
        int rows = perFold[0].Rows;
        var mean = new Matrix(rows, rows == 0 ? perFold[0].Columns : k);
        foreach (var m in perFold)
            for (int i = 0; i < mean.Data.Length; i++) mean.Data[i] += m.Data[i];
        for (int i = 0; i < mean.Data.Length; i++) mean.Data[i] /= perFold.Length;
        return mean;
    }
}
