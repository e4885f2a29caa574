using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models;

/// <summary>
/// Multi-layer perceptron, sklearn 1.0.2 <c>MLPClassifier(max_iter=500)</c> (spec §2.4.2): one hidden layer of 100
/// ReLU units, softmax output (logistic for two classes) with log-loss, L2 α = 1e-4, Adam (1e-3, 0.9, 0.999, 1e-8),
/// mini-batches of min(200, n) reshuffled every epoch, stop after more than 10 epochs without a 1e-4 improvement of
/// the training loss or after 500 epochs; raw (unscaled) features. The final weights are kept (no best-epoch restore).
/// <para>
/// Draws from the generator: the initial weights (W1 row-major, b1, W2 row-major, b2, each U(−b, b) with
/// b = √(6/(fan_in + fan_out))), then one Fisher–Yates shuffle of the row order per epoch.
/// </para>
/// </summary>
public sealed class MlpClassifierFactory : IClassifierFactory
{
    /// <summary>Creates a factory with the given options (null: the benchmark's settings, trained in float64).</summary>
    public MlpClassifierFactory(MlpOptions? options = null)
    {
        Options = options ?? new MlpOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public MlpOptions Options { get; }

    /// <inheritdoc />
    public string Name => Options.Precision == MlpPrecision.Float32 ? "mlp32" : "mlp";

    /// <inheritdoc />
    public IFittedClassifier Fit(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng)
    {
        TrainingInput.Validate(x, y, numClasses);
        ArgumentNullException.ThrowIfNull(rng);

        // Classes present in y, ascending (sklearn's LabelBinarizer classes_), and y in that index.
        var present = new bool[numClasses];
        foreach (int label in y) present[label] = true;
        var classes = Enumerable.Range(0, numClasses).Where(c => present[c]).ToArray();
        if (classes.Length == 1)
            return new MlpModel(default, [], classes, x.Columns, numClasses, [], converged: true);
        var index = new int[numClasses];
        for (int i = 0; i < classes.Length; i++) index[classes[i]] = i;
        var encoded = new int[y.Length];
        for (int i = 0; i < y.Length; i++) encoded[i] = index[y[i]];
        int outputs = classes.Length == 2 ? 1 : classes.Length;

        return Options.Precision == MlpPrecision.Float32
            ? Train<float>(x, encoded, outputs, classes, numClasses, rng)
            : Train<double>(x, encoded, outputs, classes, numClasses, rng);
    }

    private MlpModel Train<T>(Matrix x, int[] encoded, int outputs, int[] classes, int numClasses, Rng rng)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var trainer = new MlpTrainer<T>(x.Data, x.Columns, encoded, outputs, Options, rng);
        trainer.Train();
        return trainer.ToModel(classes, numClasses);
    }
}
