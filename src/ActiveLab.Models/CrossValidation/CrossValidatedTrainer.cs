using ActiveLab.Core;
using ActiveLab.Core.Metrics;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.CrossValidation;

/// <summary>
/// Cross-validated training as the benchmarks do it (spec §2.4.1): stratified folds on the consensus labels, a fresh
/// model per fold, out-of-fold probabilities for the labeled rows, fold-mean probabilities for the unlabeled rows and
/// the test set, and the model accuracy as the mean of the fold models' test accuracies.
/// <para>Random streams: the fold split draws from <c>key.WithPurpose("folds")</c>, fold f's model from
/// <c>key.WithPurpose("fit:f")</c>, the full-data model from <c>key.WithPurpose("fit:all")</c> — so folds may run in any
/// order or in parallel with identical results.</para>
/// </summary>
public static class CrossValidatedTrainer
{
    /// <summary>Runs one cross-validated training.</summary>
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
        int n = x.Rows;
        if (labels.Length != n) throw new ArgumentException($"{labels.Length} labels for {n} rows", nameof(labels));
        if (yTest.Length != xTest.Rows) throw new ArgumentException($"{yTest.Length} test labels for {xTest.Rows} test rows", nameof(yTest));
        foreach (int l in labels)
            if (l < 0 || l >= numClasses) throw new ArgumentException($"label {l} is outside 0..{numClasses - 1}", nameof(labels));

        var fold = StratifiedKFold.Assign(labels, options.Folds, options.Shuffle ? Rng.For(key.WithPurpose("folds")) : null);
        var present = new bool[numClasses];
        foreach (int l in labels) present[l] = true;

        var oof = new Matrix(n, numClasses);
        var foldUnlabeled = new Matrix[options.Folds];
        var foldTest = new Matrix[options.Folds];
        var accuracies = new double[options.Folds];

        void TrainFold(int f)
        {
            var trainRows = new List<int>(n);
            var heldOut = new List<int>(n / options.Folds + 1);
            for (int i = 0; i < n; i++) (fold[i] == f ? heldOut : trainRows).Add(i);

            // Missing-class handling: copy the first held-out example of each class the training part lacks.
            var duplicated = new List<(int Row, int Class)>();
            if (options.DuplicateMissingClasses)
            {
                var inTrain = new bool[numClasses];
                foreach (int i in trainRows) inTrain[labels[i]] = true;
                for (int c = 0; c < numClasses; c++)
                {
                    if (!present[c] || inTrain[c]) continue;
                    int first = heldOut.First(i => labels[i] == c);
                    trainRows.Add(first);
                    duplicated.Add((first, c));
                }
            }

            var trainX = x.SelectRows(trainRows.ToArray());
            var trainY = trainRows.Select(i => labels[i]).ToArray();
            var model = factory.Fit(trainX, trainY, numClasses, Rng.For(key.WithPurpose($"fit:{f}")));

            var heldOutProbs = model.PredictProba(x.SelectRows(heldOut.ToArray()));
            for (int r = 0; r < heldOut.Count; r++) heldOutProbs.ReadRow(r).CopyTo(oof.Row(heldOut[r]));
            foreach (var (row, cls) in duplicated)
            {
                var target = oof.Row(row);
                target.Clear();
                target[cls] = 1.0;
            }
            foldUnlabeled[f] = xUnlabeled.Rows > 0 ? model.PredictProba(xUnlabeled) : new Matrix(0, numClasses);
            foldTest[f] = model.PredictProba(xTest);
            accuracies[f] = RoundMetrics.ArgMaxAccuracy(foldTest[f], yTest);
        }

        if (options.MaxDegreeOfParallelism <= 1)
            for (int f = 0; f < options.Folds; f++) TrainFold(f);
        else
            Parallel.For(0, options.Folds, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, TrainFold);

        double? fullFit = null;
        if (options.FullFit)
        {
            var model = factory.Fit(x, labels, numClasses, Rng.For(key.WithPurpose("fit:all")));
            fullFit = RoundMetrics.ArgMaxAccuracy(model.PredictProba(xTest), yTest);
        }
        return new CrossValidationResult(oof, FoldMean(foldUnlabeled, xUnlabeled.Rows, numClasses), FoldMean(foldTest, xTest.Rows, numClasses), accuracies, fullFit);
    }

    /// <summary>Mean over folds, summed in fold order so the result does not depend on which fold finished first.</summary>
    private static Matrix FoldMean(Matrix[] perFold, int rows, int k)
    {
        var mean = new Matrix(rows, k);
        foreach (var m in perFold)
            for (int i = 0; i < mean.Data.Length; i++) mean.Data[i] += m.Data[i];
        for (int i = 0; i < mean.Data.Length; i++) mean.Data[i] /= perFold.Length;
        return mean;
    }
}
