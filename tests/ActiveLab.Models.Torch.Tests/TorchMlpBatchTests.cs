using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using Xunit.Abstractions;

namespace ActiveLab.Models.Torch.Tests;

/// <summary>
/// Batched training (<see cref="TorchMlpClassifierFactory.FitModels"/>): each member equals the same member trained
/// alone, whatever else is in the batch — members with other row counts (other numbers of steps per epoch, a short
/// last batch, fewer rows than one batch), members that stop early, other output shapes.
/// </summary>
public class TorchMlpBatchTests(ITestOutputHelper output)
{
    private static readonly TorchSettings Cpu = new() { Device = "cpu", ThreadsPerSlot = 1 };

    private static ClassifierTrainingJob Job(int rows, int classes, ulong seed, double noise = 0)
    {
        var (x, y) = TorchMlpTests.Blobs(rows, 4, classes, seed);
        if (noise > 0)
        {
            // Harder members train for longer: the stopping rules fire at different epochs across the batch.
            var rng = new Rng(seed + 1);
            for (int i = 0; i < x.Data.Length; i++) x.Data[i] += noise * (rng.NextDouble() * 2 - 1);
        }
        return new ClassifierTrainingJob(x, y, classes, new Rng(seed * 7 + 1));
    }

    private static ClassifierTrainingJob Fresh(ClassifierTrainingJob job, ulong seed) => job with { Rng = new Rng(seed * 7 + 1) };

    [Fact]
    public void Each_member_of_a_batch_equals_the_member_trained_alone()
    {
        // A coarse tolerance, so that the stopping rules fire at different epochs (sklearn's 1e-4 rarely fires on blobs).
        var options = new MlpOptions { Precision = MlpPrecision.Float64, MaxEpochs = 150, Tolerance = 2e-3 };
        var factory = new TorchMlpClassifierFactory(options, Cpu);
        (int Rows, int Classes, ulong Seed, double Noise)[] specs =
        [
            (430, 4, 1, 0), (260, 4, 2, 6), (150, 4, 3, 0), (430, 4, 4, 10),   // 3, 2 and 1 steps per epoch
            (300, 2, 5, 0), (211, 2, 6, 8),                                      // a second shape: one logistic output
            (90, 3, 7, 0),                                                       // a third: three softmax outputs
        ];
        var jobs = specs.Select(s => Job(s.Rows, s.Classes, s.Seed, s.Noise)).ToList();
        // A member whose rows hold one class: no network at all.
        jobs.Add(new ClassifierTrainingJob(jobs[0].X, new int[jobs[0].X.Rows], 4, new Rng(99)));

        var batched = factory.FitModels(jobs);
        var epochs = new HashSet<int>();
        for (int i = 0; i < specs.Length; i++)
        {
            var alone = factory.FitModel(jobs[i].X, jobs[i].Y.Span, jobs[i].NumClasses, Fresh(jobs[i], specs[i].Seed).Rng);
            Assert.Equal(alone.Epochs, batched[i].Epochs);
            epochs.Add(alone.Epochs);
            double lossGap = alone.LossCurve.Zip(batched[i].LossCurve, (a, b) => Math.Abs(a - b)).Max();
            var pa = alone.PredictProba(jobs[i].X).Data;
            var pb = batched[i].PredictProba(jobs[i].X).Data;
            double gap = pa.Zip(pb, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"member {i}: {alone.Epochs} epochs, max loss gap {lossGap:E2}, max probability gap {gap:E2}");
            Assert.InRange(lossGap, 0, 1e-9);
            Assert.InRange(gap, 0, 1e-6);
        }
        // The batch really mixed members that stopped early with members still training.
        Assert.True(epochs.Count >= 3, $"epochs per member: {string.Join(", ", epochs)}");
        var single = batched[^1].PredictProba(jobs[^1].X);
        Assert.All(Enumerable.Range(0, single.Rows), r => Assert.Equal(1.0, single[r, 0]));
    }

    [Fact]
    public void A_batch_trained_in_float32_agrees_with_float64_to_float_precision()
    {
        var jobs = new[] { Job(430, 4, 11), Job(260, 4, 12) };
        var f64 = new TorchMlpClassifierFactory(new MlpOptions { MaxEpochs = 40 }, Cpu).FitModels(jobs);
        var f32 = new TorchMlpClassifierFactory(new MlpOptions { MaxEpochs = 40, Precision = MlpPrecision.Float32 }, Cpu)
            .FitModels([.. jobs.Select((j, i) => Fresh(j, (ulong)(11 + i)))]);
        for (int i = 0; i < jobs.Length; i++)
        {
            var a = f64[i].PredictProba(jobs[i].X).Data;
            var b = f32[i].PredictProba(jobs[i].X).Data;
            Assert.InRange(a.Zip(b, (p, q) => Math.Abs(p - q)).Max(), 0, 1e-3);
        }
    }
}
