using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using static TorchSharp.torch;

namespace ActiveLab.Models.Torch;

/// <summary>
/// sklearn 1.0.2 <c>MLPClassifier(max_iter=500)</c> trained with libtorch (TorchSharp): the reference the fast C#
/// <see cref="MlpClassifierFactory"/> is checked against, and the CUDA path. Same maths and defaults (one hidden layer
/// of 100 ReLU units, softmax output — logistic for two classes — with log-loss, L2 0.5·α·Σ‖W‖²/batch_n with
/// α = 1e-4, Adam 1e-3 / 0.9 / 0.999 / 1e-8, mini-batches of min(200, n) reshuffled every epoch, Glorot-uniform
/// weights and biases, stop after more than 10 epochs without a 1e-4 improvement of the training loss or at 500
/// epochs, raw features), float64 unless <see cref="MlpOptions.Precision"/> says Float32.
/// <para>
/// Randomness: every draw comes from the <see cref="Rng"/> passed to <see cref="Fit"/> — the initial weights
/// (W1 row-major, b1, W2 row-major, b2, each U(−b, b), b = √(6/(fan_in + fan_out))) and one Fisher–Yates shuffle of
/// the row order per epoch, in the same order as the C# trainer. No torch generator is used, so a fit depends only on
/// (options, data, generator state): it is the same on CPU and CUDA up to floating-point rounding, it can be compared
/// step by step with the C# kernel, and concurrent fits do not race on libtorch's global seed.
/// </para>
/// </summary>
public sealed class TorchMlpClassifierFactory : IClassifierFactory
{
    /// <summary>
    /// Creates a factory. <paramref name="options"/> null: sklearn's defaults trained in float64.
    /// <paramref name="settings"/> null: device "auto", one libtorch thread per slot. The device is resolved at the
    /// first fit (so building a factory does not load libtorch).
    /// </summary>
    public TorchMlpClassifierFactory(MlpOptions? options = null, TorchSettings? settings = null)
    {
        Options = options ?? new MlpOptions { Precision = MlpPrecision.Float64 };
        Options.Validate();
        Settings = settings ?? new TorchSettings();
        Settings.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public MlpOptions Options { get; }

    /// <summary>Device and threads.</summary>
    public TorchSettings Settings { get; }

    /// <inheritdoc />
    public string Name => "mlp-torch";

    /// <inheritdoc />
    public IFittedClassifier Fit(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng) => FitModel(x, y, numClasses, rng);

    /// <summary><see cref="Fit"/> with the concrete model type (loss curve, weights, device).</summary>
    public TorchMlpModel FitModel(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng)
    {
        TrainingInput.Validate(x, y, numClasses);
        ArgumentNullException.ThrowIfNull(rng);
        var device = TorchDevice.Resolve(Settings.DeviceRequest);
        var encoding = LabelEncoding.Of(y, numClasses);
        if (encoding.Classes.Length == 1) return Trivial(x, numClasses, encoding, device);

        TorchRuntime.SetThreads(Settings.ThreadsPerSlot);
        using var trainer = new TorchMlpTrainer(x.Data, x.Columns, encoding.Encoded, encoding.Outputs, Options, rng, device);
        trainer.Train();
        return new TorchMlpModel(trainer.ParametersAsDouble(), encoding.Classes, x.Columns, numClasses, Options.HiddenUnits,
            [.. trainer.LossCurve], trainer.Converged, device.ToString(), Settings.ThreadsPerSlot);
    }

    /// <summary>
    /// Trains the jobs as stacked batches (<see cref="TorchMlpBatchTrainer"/>): one batch per network shape (features,
    /// outputs), each member with its own generator, so member i equals <c>Fit(jobs[i])</c> up to floating-point
    /// rounding (tested to 1e-6 in float64).
    /// </summary>
    public IFittedClassifier[] FitMany(IReadOnlyList<ClassifierTrainingJob> jobs) => [.. FitModels(jobs)];

    /// <inheritdoc />
    public bool BatchesFits => true;

    /// <summary><see cref="FitMany"/> with the concrete model type.</summary>
    public TorchMlpModel[] FitModels(IReadOnlyList<ClassifierTrainingJob> jobs)
    {
        var device = TorchDevice.Resolve(Settings.DeviceRequest);
        var models = new TorchMlpModel[jobs.Count];
        var encodings = new LabelEncoding[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            TrainingInput.Validate(job.X, job.Y.Span, job.NumClasses);
            ArgumentNullException.ThrowIfNull(job.Rng);
            encodings[i] = LabelEncoding.Of(job.Y.Span, job.NumClasses);
            if (encodings[i].Classes.Length == 1) models[i] = Trivial(job.X, job.NumClasses, encodings[i], device);
        }
        TorchRuntime.SetThreads(Settings.ThreadsPerSlot);
        foreach (var group in Enumerable.Range(0, jobs.Count).Where(i => models[i] is null)
                     .GroupBy(i => (Features: jobs[i].X.Columns, encodings[i].Outputs)))
        {
            int[] members = [.. group];
            using var trainer = new TorchMlpBatchTrainer(
                [.. members.Select(i => new BatchMember(jobs[i].X.Data, encodings[i].Encoded, jobs[i].Rng))],
                group.Key.Features, group.Key.Outputs, Options, device);
            trainer.Train();
            for (int b = 0; b < members.Length; b++)
            {
                int i = members[b];
                models[i] = new TorchMlpModel(trainer.ParametersAsDouble(b), encodings[i].Classes, jobs[i].X.Columns, jobs[i].NumClasses,
                    Options.HiddenUnits, [.. trainer.LossCurve(b)], trainer.Converged(b), device.ToString(), Settings.ThreadsPerSlot);
            }
        }
        return models;
    }

    private TorchMlpModel Trivial(Matrix x, int numClasses, LabelEncoding encoding, Device device) =>
        new([], encoding.Classes, x.Columns, numClasses, Options.HiddenUnits, [], true, device.ToString(), Settings.ThreadsPerSlot);

    /// <summary>Classes present in y, ascending (sklearn's LabelBinarizer classes_), y in that index, and the output
    /// count (2 classes → 1 logistic output).</summary>
    private sealed record LabelEncoding(int[] Classes, int[] Encoded, int Outputs)
    {
        public static LabelEncoding Of(ReadOnlySpan<int> y, int numClasses)
        {
            var present = new bool[numClasses];
            foreach (int label in y) present[label] = true;
            int[] classes = [.. Enumerable.Range(0, numClasses).Where(c => present[c])];
            var index = new int[numClasses];
            for (int i = 0; i < classes.Length; i++) index[classes[i]] = i;
            var encoded = new int[y.Length];
            for (int i = 0; i < y.Length; i++) encoded[i] = index[y[i]];
            return new LabelEncoding(classes, encoded, classes.Length == 2 ? 1 : classes.Length);
        }
    }
}
