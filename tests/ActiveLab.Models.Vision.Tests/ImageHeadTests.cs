using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Models.Torch;
using Xunit.Abstractions;

namespace ActiveLab.Models.Vision.Tests;

public class ImageHeadTests(ITestOutputHelper output)
{
    private static readonly TorchSettings Cpu = new() { Device = "cpu", ThreadsPerSlot = 1 };

    /// <summary>
    /// n rows of 512 non-negative "embedding-like" features for K classes: each class has its own random prototype over
    /// 512 dimensions; rows are prototype + noise (ReLU), so classes overlap but are linearly separable in aggregate.
    /// </summary>
    internal static (Matrix X, int[] Y) Embeddings(int n, int classes, ulong seed, double noise = 1.0, ulong prototypeSeed = 42)
    {
        var prototypes = new double[classes, 512];
        var protoRng = new Rng(prototypeSeed);
        for (int c = 0; c < classes; c++)
            for (int f = 0; f < 512; f++) prototypes[c, f] = protoRng.NextDouble() < 0.1 ? 1.0 + protoRng.NextDouble() : 0.0;
        var rng = new Rng(seed);
        var x = new Matrix(n, 512);
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % classes;
            y[i] = label;
            for (int f = 0; f < 512; f++)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                x[i, f] = Math.Max(0, prototypes[label, f] + noise * normal);
            }
        }
        return (x, y);
    }

    /// <summary>512 standard-normal features; class c shifts features 16c..16c+15 by 0.8; a quarter of the labels are random.</summary>
    internal static (Matrix X, int[] Y) WeakSignal(int n, int classes, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new Matrix(n, 512);
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % classes;
            for (int f = 0; f < 512; f++)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                x[i, f] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2) + (f / 16 == label ? 0.8 : 0.0);
            }
            y[i] = rng.NextDouble() < 0.25 ? rng.NextInt(classes) : label;
        }
        return (x, y);
    }

    [Fact]
    public void Learns_a_separable_512d_problem_with_valid_probabilities()
    {
        var (x, y) = Embeddings(500, 10, seed: 1);
        var (testX, testY) = Embeddings(300, 10, seed: 2);
        var model = new ImageHeadClassifierFactory(new ImageHeadOptions { MaxEpochs = 30 }, Cpu).FitModel(x, y, 10, new Rng(3));
        double accuracy = model.Accuracy(testX, testY);
        output.WriteLine($"test accuracy {accuracy:F3}; best epoch {model.BestEpoch}/{model.EpochsTrained}; validation {model.BestValidationAccuracy:F3}");

        Assert.Equal("resnet18-head", ImageHeadClassifierFactory.ModelName);
        Assert.Equal("cpu", model.Device);
        Assert.True(accuracy >= 0.9, $"accuracy {accuracy}");
        Assert.Equal(100, model.ValidationRows.Count);     // 20 % of 500, 10 per class
        Assert.Equal(400, model.TrainingRows.Count);
        Assert.Empty(model.TrainingRows.Intersect(model.ValidationRows));
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(10, model.ValidationRows.Count(r => y[r] == c)));
        Assert.Equal(30, model.EpochsTrained);
        Assert.True(model.TrainLoss[^1] < model.TrainLoss[0] / 2, "training loss should fall");

        var proba = model.PredictProba(testX);
        Assert.Equal((300, 10), (proba.Rows, proba.Columns));
        for (int i = 0; i < proba.Rows; i++)
        {
            var row = proba.ReadRow(i).ToArray();
            Assert.All(row, p => Assert.InRange(p, 0.0, 1.0));
            Assert.Equal(1.0, row.Sum(), 12);
        }
    }

    [Fact]
    public void A_hidden_layer_head_learns_too()
    {
        var (x, y) = Embeddings(300, 5, seed: 4);
        var (testX, testY) = Embeddings(200, 5, seed: 5);
        var model = new ImageHeadClassifierFactory(new ImageHeadOptions { HiddenUnits = 64, MaxEpochs = 20 }, Cpu).FitModel(x, y, 5, new Rng(6));
        Assert.Equal(64, model.HiddenUnits);
        Assert.True(model.Accuracy(testX, testY) >= 0.9);
    }

    [Fact]
    public void A_fixed_seed_gives_identical_models_on_the_cpu()
    {
        var (x, y) = Embeddings(200, 4, seed: 7);
        var factory = new ImageHeadClassifierFactory(new ImageHeadOptions { MaxEpochs = 8, HiddenUnits = 16 }, Cpu);
        var a = factory.FitModel(x, y, 4, new Rng(99));
        var b = factory.FitModel(x, y, 4, new Rng(99));
        var c = factory.FitModel(x, y, 4, new Rng(100));
        Assert.Equal(a.TrainLoss, b.TrainLoss);
        Assert.Equal(a.ValidationAccuracy, b.ValidationAccuracy);
        Assert.Equal(a.ValidationRows, b.ValidationRows);
        Assert.Equal(a.PredictProba(x).Data, b.PredictProba(x).Data);
        Assert.NotEqual(a.ValidationRows, c.ValidationRows);
        Assert.NotEqual(a.TrainLoss, c.TrainLoss);
    }

    [Theory]
    [InlineData(ImageHeadSelection.LogLoss)]
    [InlineData(ImageHeadSelection.Accuracy)]
    public void The_best_epoch_weights_are_restored_and_patience_stops_training(ImageHeadSelection selection)
    {
        // Few rows in 512 dimensions with a weak signal and noisy labels, a large learning rate and no weight decay:
        // the head memorises the training rows within a few epochs, so validation log-loss rises again after its minimum.
        var (x, y) = WeakSignal(150, 3, seed: 8);
        var options = new ImageHeadOptions
        {
            MaxEpochs = 60, Patience = 4, LearningRate = 0.003, WeightDecay = 0, BatchSize = 16, Selection = selection,
        };
        var model = new ImageHeadClassifierFactory(options, Cpu).FitModel(x, y, 3, new Rng(12));
        output.WriteLine($"validation accuracy: {string.Join(" ", model.ValidationAccuracy.Select(a => a.ToString("F3")))}");
        output.WriteLine($"validation log-loss: {string.Join(" ", model.ValidationLoss.Select(a => a.ToString("F3")))}; best epoch {model.BestEpoch}");

        // Patience 4: training ran exactly four epochs past the best one, and none of them beat it.
        Assert.True(model.StoppedEarly);
        Assert.Equal(model.BestEpoch + 4, model.EpochsTrained);
        Assert.True(model.BestEpoch > 1, "validation first improves (otherwise this test would only check epoch 1)");
        int best = model.BestEpoch - 1;
        if (selection == ImageHeadSelection.LogLoss)
            Assert.Equal(model.ValidationLoss.Min(), model.ValidationLoss[best]);
        else
            Assert.Equal(model.ValidationAccuracy.Max(), model.ValidationAccuracy[best]);
        Assert.True(model.ValidationLoss[^1] > model.ValidationLoss[best] + 0.01,
            "the last epoch differs from the best (otherwise this test could not tell them apart)");

        // The model holds the best epoch's weights: its accuracy and log-loss on the holdout are that epoch's.
        int[] rows = [.. model.ValidationRows];
        var xv = x.SelectRows(rows);
        int[] yv = [.. rows.Select(r => y[r])];
        Assert.Equal(model.ValidationAccuracy[best], model.Accuracy(xv, yv), 12);
        var proba = model.PredictProba(xv);
        double logLoss = rows.Select((_, i) => -Math.Log(proba[i, yv[i]])).Average();
        Assert.Equal(model.ValidationLoss[best], logLoss, 4);
    }

    [Fact]
    public void Without_holdout_the_last_epoch_is_kept()
    {
        var (x, y) = Embeddings(60, 3, seed: 9);
        var model = new ImageHeadClassifierFactory(new ImageHeadOptions { MaxEpochs = 5, ValidationFraction = 0 }, Cpu).FitModel(x, y, 3, new Rng(1));
        Assert.Equal((5, 5, 60), (model.BestEpoch, model.EpochsTrained, model.TrainingRows.Count));
        Assert.Empty(model.ValidationAccuracy);
        Assert.True(double.IsNaN(model.BestValidationAccuracy));
    }

    [Fact]
    public void Absent_classes_get_probability_zero_and_one_class_is_certain()
    {
        var (x, y01) = Embeddings(80, 2, seed: 10);
        int[] y = [.. y01.Select(v => v * 3)];   // labels 0 and 3 of K = 5
        var model = new ImageHeadClassifierFactory(new ImageHeadOptions { MaxEpochs = 5 }, Cpu).FitModel(x, y, 5, new Rng(2));
        Assert.Equal([0, 3], model.TrainedClasses);
        var proba = model.PredictProba(x);
        for (int i = 0; i < x.Rows; i++)
            foreach (int c in new[] { 1, 2, 4 }) Assert.Equal(0.0, proba[i, c]);

        var single = new ImageHeadClassifierFactory(settings: Cpu).Fit(x, new int[80], 3, new Rng(1));
        Assert.Equal([1.0, 0.0, 0.0], single.PredictProba(x).ReadRow(0).ToArray());
    }

    [Fact]
    public void The_stratified_holdout_keeps_a_training_row_per_class()
    {
        int[] labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2];
        var (train, validation) = ImageHeadClassifierFactory.Holdout(labels, 3, 0.2, new Rng(5));
        Assert.Equal(2, validation.Count(r => labels[r] == 0));   // round(0.2·10)
        Assert.Equal(0, validation.Count(r => labels[r] == 1));   // a single example stays in training
        Assert.Equal(1, validation.Count(r => labels[r] == 2));   // round(0.6)
        Assert.Equal(14, train.Length + validation.Length);
        Assert.Equal(train.Order(), train);
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageHeadClassifierFactory(new ImageHeadOptions { ValidationFraction = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageHeadClassifierFactory(new ImageHeadOptions { MaxEpochs = 0 }));
        Assert.Throws<ArgumentException>(() => new ImageHeadClassifierFactory(settings: new TorchSettings { Device = "tpu" }));
    }
}
