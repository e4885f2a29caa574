using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Models.Torch;
using Xunit.Abstractions;

namespace ActiveLab.Models.Vision.Tests;

/// <summary>
/// Batched training (<see cref="ImageHeadClassifierFactory.FitModels"/>): each head equals the same head trained alone,
/// whatever else is in the batch — heads with other row counts (other numbers of steps per epoch, a short last batch),
/// other class counts (padded outputs), a holdout too small to exist, a one-class fit, heads that stop early on the
/// patience rule. Exact equivalence is checked in float64 (the tests-only <see cref="ImageHeadOptions.TrainInFloat64"/>):
/// the batched products (bmm) and the written-out backward pass sum in another order than the lone trainer's mm and
/// autograd, which float32 rounding would blur.
/// </summary>
public class ImageHeadBatchTests(ITestOutputHelper output)
{
    private static readonly TorchSettings Cpu = new() { Device = "cpu", ThreadsPerSlot = 1 };
    private const int Features = 24;

    /// <summary>n rows of <see cref="Features"/> features: class prototypes (fixed) plus Gaussian noise; label i mod classes, mapped through <paramref name="labels"/>.</summary>
    private static ClassifierTrainingJob Job(int n, int classes, ulong seed, double noise, int numClasses = 0, int[]? labels = null)
    {
        var prototypes = new Rng(1234);
        var centre = new double[classes, Features];
        for (int c = 0; c < classes; c++)
            for (int f = 0; f < Features; f++) centre[c, f] = 2 * prototypes.NextDouble() - 1;
        var rng = new Rng(seed);
        var x = new Matrix(n, Features);
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % classes;
            y[i] = labels is null ? c : labels[c];
            for (int f = 0; f < Features; f++)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                x[i, f] = centre[c, f] + noise * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }
        }
        return new ClassifierTrainingJob(x, y, numClasses > 0 ? numClasses : classes, RngOf(seed));
    }

    /// <summary>The generator of <see cref="Job"/>(…, <paramref name="seed"/>, …), fresh.</summary>
    private static Rng RngOf(ulong seed) => new(seed * 7 + 1);

    private static int ArgMax(Matrix p, int row)
    {
        var values = p.ReadRow(row).ToArray();
        return Array.IndexOf(values, values.Max());
    }

    private static double MaxGap(Matrix a, Matrix b) => a.Data.Zip(b.Data, (p, q) => Math.Abs(p - q)).Max();

    private static ImageHeadOptions Float64(int hidden) => new()
    {
        HiddenUnits = hidden, MaxEpochs = 30, Patience = 3, BatchSize = 16, LearningRate = 0.01, TrainInFloat64 = true,
    };

    [Theory]
    [InlineData(16)]
    [InlineData(0)]
    public void Each_member_of_a_batch_equals_the_member_trained_alone(int hidden)
    {
        var factory = new ImageHeadClassifierFactory(Float64(hidden), Cpu);
        List<ClassifierTrainingJob> jobs =
        [
            Job(150, 4, 1, 0.6),                                  // 120 training rows: 8 steps per epoch, a short last one
            Job(97, 3, 2, 2.5),                                   // noisy: stops early on the patience rule
            Job(40, 2, 3, 0.8),                                   // two outputs, 2 steps per epoch
            Job(260, 4, 4, 1.5),                                  // the most steps
            Job(120, 3, 5, 1.0, numClasses: 5, labels: [0, 2, 4]), // 3 outputs of K = 5: classes 1 and 3 absent
            Job(4, 2, 6, 0.5),                                    // 2 rows per class: no holdout, all MaxEpochs, last epoch kept
        ];
        // A member whose rows hold one class: no head at all.
        jobs.Add(jobs[0] with { Y = new int[jobs[0].X.Rows], Rng = RngOf(99) });
        var alone = jobs.Select((j, i) => factory.FitModel(j.X, j.Y.Span, j.NumClasses, RngOf(i == 6 ? 99 : (ulong)i + 1))).ToArray();

        var batched = factory.FitModels(jobs);
        for (int i = 0; i < jobs.Count; i++)
        {
            var (a, b) = (alone[i], batched[i]);
            Assert.Equal(a.ValidationRows, b.ValidationRows);
            Assert.Equal(a.TrainedClasses, b.TrainedClasses);
            Assert.Equal((a.EpochsTrained, a.BestEpoch, a.StoppedEarly), (b.EpochsTrained, b.BestEpoch, b.StoppedEarly));
            Assert.Equal(a.ValidationAccuracy, b.ValidationAccuracy);
            double lossGap = a.TrainLoss.Zip(b.TrainLoss, (p, q) => Math.Abs(p - q)).DefaultIfEmpty().Max();
            double validationGap = a.ValidationLoss.Zip(b.ValidationLoss, (p, q) => Math.Abs(p - q)).DefaultIfEmpty().Max();
            double gap = MaxGap(a.PredictProba(jobs[i].X), b.PredictProba(jobs[i].X));
            output.WriteLine($"member {i}: {a.EpochsTrained} epochs, best {a.BestEpoch}, stopped early {a.StoppedEarly}; max gaps: " +
                $"train loss {lossGap:E2}, validation loss {validationGap:E2}, probability {gap:E2}");
            Assert.InRange(lossGap, 0, 1e-9);
            Assert.InRange(validationGap, 0, 1e-9);
            Assert.InRange(gap, 0, 1e-6);
        }
        // The batch really mixed members that stopped early with members still training, and a member without holdout.
        Assert.Contains(batched, m => m.StoppedEarly);
        Assert.Contains(batched[..^1], m => !m.StoppedEarly);
        Assert.True(batched.Select(m => m.EpochsTrained).Distinct().Count() >= 3, string.Join(", ", batched.Select(m => m.EpochsTrained)));
        Assert.Empty(batched[5].ValidationRows);
        Assert.Equal((30, 30), (batched[5].EpochsTrained, batched[5].BestEpoch));
        Assert.Equal([0, 2, 4], batched[4].TrainedClasses);
        var proba = batched[4].PredictProba(jobs[4].X);
        Assert.All(Enumerable.Range(0, proba.Rows), r => Assert.Equal(0.0, proba[r, 1] + proba[r, 3]));
        var single = batched[^1].PredictProba(jobs[^1].X);
        Assert.All(Enumerable.Range(0, single.Rows), r => Assert.Equal(1.0, single[r, 0]));
    }

    [Fact]
    public void FitMany_of_one_job_equals_FitModel()
    {
        var factory = new ImageHeadClassifierFactory(Float64(16), Cpu);
        var job = Job(150, 4, 21, 1.2);
        var alone = factory.FitModel(job.X, job.Y.Span, job.NumClasses, RngOf(21));
        var many = ((IClassifierFactory)factory).FitMany([job]);
        var model = Assert.IsType<ImageHeadModel>(Assert.Single(many));
        Assert.Equal((alone.EpochsTrained, alone.BestEpoch), (model.EpochsTrained, model.BestEpoch));
        Assert.InRange(MaxGap(alone.PredictProba(job.X), model.PredictProba(job.X)), 0, 1e-6);
        // Both advanced the generator by the same draws.
        var a = RngOf(21);
        factory.FitModel(job.X, job.Y.Span, job.NumClasses, a);
        var b = RngOf(21);
        factory.FitModels([job with { Rng = b }]);
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void Without_holdout_every_member_trains_all_epochs_and_keeps_the_last()
    {
        var factory = new ImageHeadClassifierFactory(Float64(16) with { ValidationFraction = 0, MaxEpochs = 6 }, Cpu);
        var jobs = new[] { Job(70, 3, 41, 1.0), Job(33, 2, 42, 1.0) };
        var alone = jobs.Select((j, i) => factory.FitModel(j.X, j.Y.Span, j.NumClasses, RngOf(41 + (ulong)i))).ToArray();
        var batched = factory.FitModels(jobs);
        Assert.True(((IClassifierFactory)factory).BatchesFits);
        for (int i = 0; i < jobs.Length; i++)
        {
            Assert.Equal((6, 6), (batched[i].EpochsTrained, batched[i].BestEpoch));
            Assert.Empty(batched[i].ValidationLoss);
            Assert.InRange(MaxGap(alone[i].PredictProba(jobs[i].X), batched[i].PredictProba(jobs[i].X)), 0, 1e-6);
        }
    }

    [Fact]
    public void In_float32_a_batched_member_stays_close_to_its_lone_fit()
    {
        // The default precision: no bit-for-bit equality (bmm vs mm, written-out backward), only float32 rounding that
        // grows over the steps: ~3e-8 here after 10 epochs of 8 steps, ≤ 3e-7 in probability after 20–35 epochs of
        // 512 → 64 heads (measured while writing this), far below anything that changes a prediction.
        var factory = new ImageHeadClassifierFactory(new ImageHeadOptions { HiddenUnits = 16, MaxEpochs = 10, BatchSize = 16 }, Cpu);
        var jobs = new[] { Job(150, 4, 31, 1.0), Job(90, 3, 32, 1.0) };
        var alone = jobs.Select((j, i) => factory.FitModel(j.X, j.Y.Span, j.NumClasses, RngOf(31 + (ulong)i))).ToArray();
        var batched = factory.FitModels(jobs);
        for (int i = 0; i < jobs.Length; i++)
        {
            var pa = alone[i].PredictProba(jobs[i].X);
            var pb = batched[i].PredictProba(jobs[i].X);
            double gap = MaxGap(pa, pb);
            output.WriteLine($"member {i}: best epoch {alone[i].BestEpoch}, max probability gap {gap:E2}");
            Assert.Equal(alone[i].BestEpoch, batched[i].BestEpoch);
            Assert.InRange(gap, 0, 1e-5);
            Assert.All(Enumerable.Range(0, pa.Rows), r => Assert.Equal(ArgMax(pa, r), ArgMax(pb, r)));
        }
    }
}
