using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.Tests;

public class MlpTests
{
    /// <summary>A tiny network with random parameters (padding left at zero), inputs and labels.</summary>
    private static (MlpLayout Layout, double[] Theta, double[] X, int[] Y) TinyProblem(int features, int hidden, int outputs, int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var layout = MlpLayout.Create(features, hidden, outputs, System.Numerics.Vector<double>.Count);
        var theta = new double[layout.Length];
        for (int f = 0; f < features; f++)
            for (int j = 0; j < hidden; j++) theta[layout.W1 + f * layout.HiddenPadded + j] = rng.NextDouble() * 2 - 1;
        for (int j = 0; j < hidden; j++) theta[layout.B1 + j] = rng.NextDouble() * 2 - 1;
        for (int k = 0; k < outputs; k++)
        {
            for (int j = 0; j < hidden; j++) theta[layout.W2 + k * layout.HiddenPadded + j] = rng.NextDouble() * 2 - 1;
            theta[layout.B2 + k] = rng.NextDouble() * 2 - 1;
        }
        var x = new double[rows * layout.InputsPadded];
        for (int i = 0; i < rows; i++)
            for (int f = 0; f < features; f++) x[i * layout.InputsPadded + f] = TestData.Gaussian(rng) * 2;
        var y = new int[rows];
        for (int i = 0; i < rows; i++) y[i] = rng.NextInt(outputs == 1 ? 2 : outputs);
        return (layout, theta, x, y);
    }

    private static bool IsPadding(MlpLayout l, int index)
    {
        if (index < l.B1) return index / l.HiddenPadded >= l.Inputs || index % l.HiddenPadded >= l.Hidden;
        if (index < l.W2) return index - l.B1 >= l.Hidden;
        if (index < l.B2) return (index - l.W2) / l.HiddenPadded >= l.Outputs || (index - l.W2) % l.HiddenPadded >= l.Hidden;
        return index - l.B2 >= l.Outputs;
    }

    [Theory]
    [InlineData(3, 5, 3, 1e-4)]   // softmax output
    [InlineData(3, 5, 1, 1e-4)]   // binary network, logistic output
    [InlineData(6, 7, 5, 0.3)]    // two input groups, two output groups, strong L2
    public void BatchGradient_MatchesFiniteDifferences(int features, int hidden, int outputs, double alpha)
    {
        var (layout, theta, x, y) = TinyProblem(features, hidden, outputs, rows: 9, seed: (ulong)(features * 100 + outputs));
        int[] batch = [4, 0, 7, 2, 8, 5];
        var scratch = new MlpScratch<double>(layout, batch.Length);
        var gradient = new double[layout.Length];
        double Loss(double[] t) => MlpKernel<double>.BatchGradient(layout, t, new double[layout.Length], x, y, batch, alpha, scratch);
        MlpKernel<double>.BatchGradient(layout, theta, gradient, x, y, batch, alpha, scratch);

        const double h = 1e-6;
        for (int i = 0; i < layout.Length; i++)
        {
            if (IsPadding(layout, i))
            {
                Assert.Equal(0.0, gradient[i]);
                continue;
            }
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Loss(plus) - Loss(minus)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-7 + 1e-5 * Math.Abs(numeric),
                $"parameter {i}: analytic {gradient[i]:E6}, numeric {numeric:E6}");
        }
    }

    [Fact]
    public void BatchGradient_LossIsMeanLogLossPlusL2()
    {
        var (layout, theta, x, y) = TinyProblem(2, 3, 3, rows: 4, seed: 5);
        int[] batch = [0, 1, 2, 3];
        double loss = MlpKernel<double>.BatchGradient(layout, theta, new double[layout.Length], x, y, batch, 0.5, new MlpScratch<double>(layout, 4));

        double expected = 0;
        var hidden = new double[layout.HiddenPadded];
        var z = new double[layout.OutputsPadded];
        foreach (int row in batch)
        {
            MlpKernel<double>.ForwardRow(layout, theta, x.AsSpan(row * layout.InputsPadded, layout.InputsPadded), hidden, z);
            MlpKernel<double>.Activate(z, 3);
            expected -= Math.Log(z[y[row]]);
        }
        expected /= batch.Length;
        double squares = 0;
        for (int i = 0; i < layout.Length; i++)
            if (i < layout.B1 || (i >= layout.W2 && i < layout.B2)) squares += theta[i] * theta[i];
        expected += 0.5 * 0.5 * squares / batch.Length;
        Assert.Equal(expected, loss, 12);
    }

    [Fact]
    public void Initialisation_IsGlorotUniformWithFactorSix()
    {
        var (x, y) = TestData.Blobs(50, 4, 3, seed: 1);
        var trainer = new MlpTrainer<double>(x.Data, 4, y, 3, new MlpOptions(), new Rng(2));
        var l = trainer.Layout;
        double b1 = Math.Sqrt(6.0 / (4 + 100)), b2 = Math.Sqrt(6.0 / (100 + 3));
        var p = trainer.Parameters;
        double maxW1 = 0, maxW2 = 0;
        for (int i = 0; i < l.Length; i++)
        {
            if (IsPadding(l, i)) Assert.Equal(0.0, p[i]);
            else if (i < l.W2) maxW1 = Math.Max(maxW1, Math.Abs(p[i]));
            else maxW2 = Math.Max(maxW2, Math.Abs(p[i]));
        }
        Assert.InRange(maxW1, 0.9 * b1, b1);  // 500 draws: the maximum comes close to the bound
        Assert.InRange(maxW2, 0.9 * b2, b2);
    }

    [Fact]
    public void Training_DecreasesTheLoss_AndKeepsPaddingZero()
    {
        var (x, y) = TestData.Blobs(300, 3, 3, seed: 4, spread: 1.0);
        var trainer = new MlpTrainer<float>(x.Data, 3, y, 3, new MlpOptions { MaxEpochs = 60 }, new Rng(5));
        trainer.Train();
        var curve = trainer.LossCurve;
        Assert.Equal(60, curve.Count);
        Assert.True(curve[^1] < 0.5 * curve[0], $"loss {curve[0]} → {curve[^1]}");
        int decreases = Enumerable.Range(1, curve.Count - 1).Count(i => curve[i] < curve[i - 1]);
        Assert.True(decreases >= 50, $"only {decreases} of 59 epochs decreased the loss");
        var l = trainer.Layout;
        for (int i = 0; i < l.Length; i++) if (IsPadding(l, i)) Assert.Equal(0f, trainer.Parameters[i]);
    }

    [Fact]
    public void StoppingRule_IsSklearns()
    {
        // With tol = 10 no epoch after the first can improve by more than tol, so the count reaches
        // n_iter_no_change + 1 = 11 at epoch 12 (sklearn stops when the count exceeds n_iter_no_change).
        var (x, y) = TestData.Blobs(100, 2, 3, seed: 6);
        var model = (MlpModel)new MlpClassifierFactory(new MlpOptions { Tolerance = 10 }).Fit(x, y, 3, new Rng(1));
        Assert.Equal(12, model.Epochs);
        Assert.True(model.Converged);

        var capped = (MlpModel)new MlpClassifierFactory(new MlpOptions { MaxEpochs = 7, Tolerance = 0 }).Fit(x, y, 3, new Rng(1));
        Assert.Equal(7, capped.Epochs);
        Assert.False(capped.Converged);
    }

    [Fact]
    public void EasyProblem_StopsEarlyOnItsOwn()
    {
        var (x, y) = TestData.Blobs(200, 2, 2, seed: 8, spread: 0.3);
        var model = (MlpModel)new MlpClassifierFactory().Fit(x, y, 2, new Rng(1));
        Assert.Equal(1.0, model.Accuracy(x, y));
        Assert.True(model.Converged);
        Assert.True(model.Epochs < 500);
        Assert.Equal([0, 1], model.TrainedClasses);
    }

    [Fact]
    public void TwoPresentClassesOfFour_UseOneLogisticOutput()
    {
        var (x, y) = TestData.Blobs(200, 2, 2, seed: 10, spread: 0.5);
        var labels = y.Select(c => c == 0 ? 1 : 3).ToArray();
        var model = (MlpModel)new MlpClassifierFactory(new MlpOptions { MaxEpochs = 100 }).Fit(x, labels, 4, new Rng(2));
        Assert.Equal([1, 3], model.TrainedClasses);
        var proba = model.PredictProba(x);
        ProbabilityAssert.ValidRows(proba, 4);
        for (int i = 0; i < proba.Rows; i++)
        {
            Assert.Equal(0.0, proba[i, 0]);
            Assert.Equal(0.0, proba[i, 2]);
        }
        Assert.True(model.Accuracy(x, labels) >= 0.97);
    }

    [Fact]
    public void Float32AndFloat64_TrainTheSameModelClosely()
    {
        var (x, y) = TestData.Blobs(300, 3, 4, seed: 9, spread: 1.0);
        var options = new MlpOptions { MaxEpochs = 50 };
        var m32 = (MlpModel)new MlpClassifierFactory(options with { Precision = MlpPrecision.Float32 }).Fit(x, y, 4, new Rng(3));
        var m64 = (MlpModel)new MlpClassifierFactory(options with { Precision = MlpPrecision.Float64 }).Fit(x, y, 4, new Rng(3));
        // Same initial weights and batch order: the runs differ only by rounding.
        Assert.Equal(m64.LossCurve[^1], m32.LossCurve[^1], 3);
        ProbabilityAssert.Equal(m64.PredictProba(x), m32.PredictProba(x), 1e-2);
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpClassifierFactory(new MlpOptions { HiddenUnits = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpClassifierFactory(new MlpOptions { Beta2 = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpClassifierFactory(new MlpOptions { BatchSize = 0 }));
    }
}
