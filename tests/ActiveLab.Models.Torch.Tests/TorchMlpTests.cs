using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using Xunit.Abstractions;

namespace ActiveLab.Models.Torch.Tests;

public class TorchMlpTests(ITestOutputHelper output)
{
    private static readonly TorchSettings Cpu = new() { Device = "cpu", ThreadsPerSlot = 1 };

    /// <summary>n rows of F features in K well-separated Gaussian blobs (centres 4 apart, unit variance).</summary>
    internal static (Matrix X, int[] Y) Blobs(int n, int features, int classes, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new Matrix(n, features);
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % classes;
            y[i] = label;
            for (int f = 0; f < features; f++)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                double centre = f == label % features ? 4.0 * (1 + label / features) : 0.0;
                x[i, f] = centre + normal;
            }
        }
        return (x, y);
    }

    private static void AssertProbabilityRows(Matrix proba)
    {
        for (int i = 0; i < proba.Rows; i++)
        {
            var row = proba.ReadRow(i);
            foreach (double p in row) Assert.InRange(p, 0.0, 1.0);
            Assert.Equal(1.0, row.ToArray().Sum(), 12);
        }
    }

    [Fact]
    public void Learns_a_separable_three_class_problem()
    {
        var (x, y) = Blobs(150, 4, 3, seed: 1);
        var (testX, testY) = Blobs(90, 4, 3, seed: 2);
        var model = new TorchMlpClassifierFactory(settings: Cpu).FitModel(x, y, 3, new Rng(7));

        Assert.Equal("cpu", model.Device);
        Assert.InRange(model.Epochs, 12, 500);
        Assert.True(model.LossCurve[^1] < model.LossCurve[0] / 4, "training loss should fall");
        Assert.True(model.Accuracy(x, y) >= 0.97);
        Assert.True(model.Accuracy(testX, testY) >= 0.95);
        var proba = model.PredictProba(testX);
        Assert.Equal(3, proba.Columns);
        AssertProbabilityRows(proba);
        Assert.Equal(4 * 100, model.W1.Length);
        Assert.Equal(100 * 3, model.W2.Length);
    }

    [Fact]
    public void Two_classes_use_one_logistic_output_and_absent_classes_get_zero()
    {
        // Labels 0 and 2 of K = 4: one logistic unit; columns 1 and 3 stay 0.
        var (x, y01) = Blobs(120, 3, 2, seed: 3);
        int[] y = [.. y01.Select(v => v * 2)];
        var model = new TorchMlpClassifierFactory(settings: Cpu).FitModel(x, y, 4, new Rng(11));

        Assert.Equal([0, 2], model.TrainedClasses);
        Assert.Equal(100, model.W2.Length);
        var proba = model.PredictProba(x);
        AssertProbabilityRows(proba);
        for (int i = 0; i < x.Rows; i++)
        {
            Assert.Equal(0.0, proba[i, 1]);
            Assert.Equal(0.0, proba[i, 3]);
        }
        Assert.True(model.Accuracy(x, y) >= 0.97);
    }

    [Fact]
    public void One_class_predicts_it_with_certainty()
    {
        var (x, _) = Blobs(10, 2, 1, seed: 4);
        var model = new TorchMlpClassifierFactory(settings: Cpu).Fit(x, new int[10], 3, new Rng(1));
        var proba = model.PredictProba(x);
        for (int i = 0; i < x.Rows; i++) Assert.Equal([1.0, 0.0, 0.0], proba.ReadRow(i).ToArray());
    }

    [Fact]
    public void A_fixed_seed_gives_identical_models_on_the_cpu()
    {
        var (x, y) = Blobs(250, 4, 3, seed: 5);   // two mini-batches per epoch (200 + 50)
        var options = new MlpOptions { Precision = MlpPrecision.Float64, MaxEpochs = 40 };
        var factory = new TorchMlpClassifierFactory(options, Cpu);
        var a = factory.FitModel(x, y, 3, new Rng(99));
        var b = factory.FitModel(x, y, 3, new Rng(99));
        var c = factory.FitModel(x, y, 3, new Rng(100));

        Assert.Equal(a.LossCurve, b.LossCurve);
        Assert.Equal(a.W1.ToArray(), b.W1.ToArray());
        Assert.Equal(a.B2.ToArray(), b.B2.ToArray());
        Assert.Equal(a.PredictProba(x).Data, b.PredictProba(x).Data);
        Assert.NotEqual(a.W1.ToArray(), c.W1.ToArray());
    }

    [Theory]
    [InlineData(4)]   // softmax output
    [InlineData(2)]   // one logistic output
    public void Matches_the_csharp_kernel_in_float64_for_the_same_generator(int classes)
    {
        // Same draws in the same order (init, then one shuffle per epoch) and the same maths: the two trainers may
        // differ only by floating-point rounding (summation order, FMA). This is the reference check of the C# kernel:
        // sklearn's defaults all the way to the stopping rule, two mini-batches per epoch (200 + 60).
        var (x, y) = Blobs(260, 5, classes, seed: 6);
        var options = new MlpOptions { Precision = MlpPrecision.Float64 };
        var torchModel = new TorchMlpClassifierFactory(options, Cpu).FitModel(x, y, classes, new Rng(2024));
        var csharpModel = (MlpModel)new MlpClassifierFactory(options).Fit(x, y, classes, new Rng(2024));

        Assert.Equal(csharpModel.Epochs, torchModel.Epochs);
        double lossGap = 0, probabilityGap = 0;
        for (int e = 0; e < torchModel.Epochs; e++)
            lossGap = Math.Max(lossGap, Math.Abs(csharpModel.LossCurve[e] - torchModel.LossCurve[e]));
        var pt = torchModel.PredictProba(x);
        var pc = csharpModel.PredictProba(x);
        for (int i = 0; i < pt.Data.Length; i++) probabilityGap = Math.Max(probabilityGap, Math.Abs(pc.Data[i] - pt.Data[i]));
        output.WriteLine($"{torchModel.Epochs} epochs; max loss gap {lossGap:E2}; max probability gap {probabilityGap:E2}");
        Assert.InRange(lossGap, 0, 1e-10);
        Assert.InRange(probabilityGap, 0, 1e-10);
    }

    [Fact]
    public void Stops_when_the_loss_stops_improving()
    {
        var (x, y) = Blobs(60, 2, 2, seed: 8);
        var model = new TorchMlpClassifierFactory(new MlpOptions { Precision = MlpPrecision.Float64, Tolerance = 10 }, Cpu)
            .FitModel(x, y, 2, new Rng(3));
        // With tol = 10 only the first epoch sets a best loss; the next n_iter_no_change + 1 = 11 do not improve on
        // it, so training stops after 12 epochs (sklearn's n_iter_ = 12).
        Assert.Equal(12, model.Epochs);
        Assert.True(model.Converged);
    }

    [Fact]
    public void Invalid_input_is_rejected_at_the_boundary()
    {
        var factory = new TorchMlpClassifierFactory(settings: Cpu);
        var x = new Matrix(2, 2, [1, 2, 3, double.NaN]);
        Assert.Throws<ActiveLabInputException>(() => factory.Fit(x, [0, 1], 2, new Rng(1)));
        Assert.Throws<ActiveLabInputException>(() => factory.Fit(new Matrix(2, 2), [0, 5], 2, new Rng(1)));
        Assert.Throws<ArgumentException>(() => factory.Fit(new Matrix(2, 2), [0], 2, new Rng(1)));
    }
}
