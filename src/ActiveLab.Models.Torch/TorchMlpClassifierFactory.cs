using ActiveLab.Core;
using ActiveLab.Core.Randomness;

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

        // Classes present in y, ascending (sklearn's LabelBinarizer classes_), and y in that index.
        var present = new bool[numClasses];
        foreach (int label in y) present[label] = true;
        int[] classes = [.. Enumerable.Range(0, numClasses).Where(c => present[c])];
        var device = TorchDevice.Resolve(Settings.DeviceRequest);
        string deviceName = device.ToString();
        if (classes.Length == 1)
            return new TorchMlpModel([], classes, x.Columns, numClasses, Options.HiddenUnits, [], true, deviceName, Settings.ThreadsPerSlot);

        var index = new int[numClasses];
        for (int i = 0; i < classes.Length; i++) index[classes[i]] = i;
        var encoded = new int[y.Length];
        for (int i = 0; i < y.Length; i++) encoded[i] = index[y[i]];
        int outputs = classes.Length == 2 ? 1 : classes.Length;

        TorchRuntime.SetThreads(Settings.ThreadsPerSlot);
        using var trainer = new TorchMlpTrainer(x.Data, x.Columns, encoded, outputs, Options, rng, device);
        trainer.Train();
        return new TorchMlpModel(trainer.ParametersAsDouble(), classes, x.Columns, numClasses, Options.HiddenUnits,
            [.. trainer.LossCurve], trainer.Converged, deviceName, Settings.ThreadsPerSlot);
    }
}
