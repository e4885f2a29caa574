using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Models.CrossValidation;

namespace ActiveLab.Models.Tests.CrossValidation;

public class CrossValidationTests
{
    /// <summary>
    /// A memorising model: predicts one-hot of the training label for a feature vector it was trained on, uniform
    /// otherwise. Lets the tests see exactly which rows each fold model was trained on.
    /// </summary>
    private sealed class MemorisingFactory : IClassifierFactory
    {
        public string Name => "memo";

        public IFittedClassifier Fit(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng)
        {
            var seen = new Dictionary<double, int>();
            for (int i = 0; i < x.Rows; i++) seen[x[i, 0]] = y[i];
            return new Memo(seen, numClasses);
        }

        private sealed class Memo(Dictionary<double, int> seen, int k) : IFittedClassifier
        {
            public int NumFeatures => 1;
            public int NumClasses => k;

            public void PredictProba(Matrix x, Matrix destination)
            {
                for (int i = 0; i < x.Rows; i++)
                {
                    var row = destination.Row(i);
                    if (seen.TryGetValue(x[i, 0], out int c)) { row.Clear(); row[c] = 1; }
                    else row.Fill(1.0 / k);
                }
            }
        }
    }

    private static Matrix Column(IEnumerable<double> values) => Matrix.FromRows(values.Select(v => (IReadOnlyList<double>)new[] { v }).ToList());

    private static readonly StreamKey Key = new(1, "toy", "random", 0, 0, "train");

    [Fact]
    public void Folds_are_stratified_balanced_and_seeded()
    {
        var labels = Enumerable.Range(0, 103).Select(i => i % 7 == 0 ? 2 : i % 3 == 0 ? 1 : 0).ToArray();
        var a = StratifiedKFold.Assign(labels, 5, new Rng(3));
        var b = StratifiedKFold.Assign(labels, 5, new Rng(3));
        var c = StratifiedKFold.Assign(labels, 5, new Rng(4));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        foreach (int cls in labels.Distinct())
        {
            var perFold = Enumerable.Range(0, 5).Select(f => labels.Where((l, i) => l == cls && a[i] == f).Count()).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {cls}: {string.Join(",", perFold)}");
        }
        var sizes = Enumerable.Range(0, 5).Select(f => a.Count(x => x == f)).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1);
    }

    [Fact]
    public void Unshuffled_folds_follow_sklearn()
    {
        // sklearn StratifiedKFold(2).split on y = [1,1,0,0,1,0]: classes by first appearance (1→0, 0→1);
        // each class's examples in order get folds 0,…,1 → test folds [0,0,0,1,1,1]... computed by hand:
        // sorted encoded = [0,0,0,1,1,1]; positions 0,2,4 → fold 0 gets {0:2, 1:1}; fold 1 gets {0:1, 1:2}.
        // class "1" (rows 0,1,4) → folds 0,0,1; class "0" (rows 2,3,5) → folds 0,1,1.
        Assert.Equal([0, 0, 0, 1, 1, 1], StratifiedKFold.Assign([1, 1, 0, 0, 1, 0], 2, null));
    }

    [Fact]
    public void Out_of_fold_rows_come_from_models_that_never_saw_them()
    {
        var labels = Enumerable.Range(0, 50).Select(i => i % 3).ToArray();
        var x = Column(Enumerable.Range(0, 50).Select(i => (double)i));
        var res = CrossValidatedTrainer.Run(new MemorisingFactory(), x, labels, Column([100, 101]), Column([0, 1, 2]), [0, 1, 2], 3, Key);
        for (int i = 0; i < 50; i++) Assert.Equal(1.0 / 3, res.OutOfFold[i, 0], 12);
        // Each test row (= a training feature) is seen by 4 of 5 fold models: mean = 0.8·one-hot + 0.2·uniform.
        Assert.Equal(0.8 + 0.2 / 3, res.Test[0, 0], 12);
        Assert.Equal(5, res.FoldAccuracies.Length);
        Assert.Equal(res.FoldAccuracies.Average(), res.MeanFoldAccuracy);
        Assert.Equal(2, res.Unlabeled.Rows);
    }

    [Fact]
    public void A_class_missing_from_a_training_fold_is_duplicated_and_its_out_of_fold_row_is_one_hot()
    {
        // Class 2 has a single example (row 7): its fold's training part lacks class 2.
        var labels = Enumerable.Range(0, 30).Select(i => i == 7 ? 2 : i % 2).ToArray();
        var x = Column(Enumerable.Range(0, 30).Select(i => (double)i));
        var res = CrossValidatedTrainer.Run(new MemorisingFactory(), x, labels, new Matrix(0, 1), Column([7]), [2], 3, Key);
        Assert.Equal([0.0, 0.0, 1.0], res.OutOfFold.ReadRow(7).ToArray());
        // Every fold model saw row 7 (4 by the split, 1 by duplication), so it predicts class 2 for it.
        Assert.Equal(1.0, res.Test[0, 2], 12);
        var without = CrossValidatedTrainer.Run(new MemorisingFactory(), x, labels, new Matrix(0, 1), Column([7]), [2], 3, Key,
            new CrossValidationOptions(DuplicateMissingClasses: false));
        Assert.Equal(1.0 / 3, without.OutOfFold[7, 2], 12);
    }

    [Fact]
    public void Parallel_folds_give_identical_results()
    {
        var rng = new Rng(8);
        var labels = Enumerable.Range(0, 200).Select(_ => rng.NextInt(4)).ToArray();
        var x = new Matrix(200, 4);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = rng.NextDouble() + labels[i / 4];
        var xt = x.SelectRows(Enumerable.Range(0, 40).ToArray());
        var factory = ClassifierCatalog.Create("et");
        var serial = CrossValidatedTrainer.Run(factory, x, labels, xt, xt, labels[..40], 4, Key);
        var parallel = CrossValidatedTrainer.Run(factory, x, labels, xt, xt, labels[..40], 4, Key, new CrossValidationOptions(MaxDegreeOfParallelism: 4));
        Assert.Equal(serial.OutOfFold.Data, parallel.OutOfFold.Data);
        Assert.Equal(serial.Test.Data, parallel.Test.Data);
        Assert.Equal(serial.FoldAccuracies, parallel.FoldAccuracies);
    }

    [Fact]
    public void Full_fit_accuracy_is_reported_on_request()
    {
        var labels = Enumerable.Range(0, 20).Select(i => i % 2).ToArray();
        var x = Column(Enumerable.Range(0, 20).Select(i => (double)i));
        var res = CrossValidatedTrainer.Run(new MemorisingFactory(), x, labels, new Matrix(0, 1), Column([0, 1, 2]), [0, 1, 0], 2, Key,
            new CrossValidationOptions(FullFit: true));
        Assert.Equal(1.0, res.FullFitAccuracy);
    }
}
