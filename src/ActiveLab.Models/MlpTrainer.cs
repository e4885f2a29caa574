using System.Numerics;
using System.Runtime.CompilerServices;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models;

/// <summary>
/// The training state of one network (sklearn <c>MLPClassifier._fit_stochastic</c> with Adam and no early-stopping
/// split): parameters, Adam moments, scratch, the epoch loop and the stopping rule. Everything is allocated in the
/// constructor; <see cref="RunEpoch"/> allocates nothing. Training is driven epoch by epoch so that a scheduler could
/// interleave many small networks (all randomness comes from this network's own generator).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class MlpTrainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MlpOptions _options;
    private readonly MlpLayout _layout;
    private readonly T[] _x;        // n × Fp, zero-padded
    private readonly int[] _y;      // 0..Outputs−1 (0/1 for binary)
    private readonly T[] _parameters, _gradients, _m, _v;
    private readonly MlpScratch<T> _scratch;
    private readonly int[] _order;
    private readonly int _batchSize;
    private readonly Rng _rng;
    private readonly MlpStoppingRule _stopping;
    private readonly bool _wide;    // MlpWideKernel (AVX-512) rather than the portable kernel
    private long _adamSteps;

    /// <summary>Initialises the network (Glorot-uniform, sklearn's order) from <paramref name="rng"/>.</summary>
    /// <param name="x">Training rows, n × F row-major (converted to T).</param>
    /// <param name="numFeatures">F.</param>
    /// <param name="y">Labels 0..outputs−1 (0/1 when outputs = 1), length n.</param>
    /// <param name="outputs">Output units: K ≥ 3 classes → K (softmax); 2 classes → 1 (logistic).</param>
    /// <param name="options">Hyperparameters.</param>
    /// <param name="rng">Generator for the initial weights and the per-epoch shuffles.</param>
    public MlpTrainer(ReadOnlySpan<double> x, int numFeatures, int[] y, int outputs, MlpOptions options, Rng rng)
    {
        _options = options;
        _stopping = new MlpStoppingRule(options);
        _rng = rng;
        _y = y;
        _wide = MlpWideKernel<T>.IsSupported && !options.PortableKernel;
        _layout = MlpLayout.Create(numFeatures, options.HiddenUnits, outputs, _wide ? MlpWideKernel<T>.Width : Vector<T>.Count);
        int n = y.Length, fp = _layout.InputsPadded;
        _x = new T[n * fp];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < numFeatures; j++)
                _x[i * fp + j] = T.CreateChecked(x[i * numFeatures + j]);
        int len = _layout.Length;
        _parameters = new T[len];
        _gradients = new T[len];
        _m = new T[len];
        _v = new T[len];
        _order = new int[n];
        for (int i = 0; i < n; i++) _order[i] = i;
        _batchSize = Math.Min(options.BatchSize, n);
        _scratch = new MlpScratch<T>(_layout, _batchSize, _wide ? MlpWideKernel<T>.BlockWidth : 0);
        Initialise();
    }

    /// <summary>The layout of <see cref="Parameters"/>.</summary>
    public MlpLayout Layout => _layout;

    /// <summary>The current parameters (live view).</summary>
    public ReadOnlySpan<T> Parameters => _parameters;

    /// <summary>Mean training loss of each completed epoch (sklearn loss_curve_).</summary>
    public IReadOnlyList<double> LossCurve => _stopping.LossCurve;

    /// <summary>Completed epochs (sklearn n_iter_).</summary>
    public int Epochs => _stopping.LossCurve.Count;

    /// <summary>True once training stopped (no improvement, or max epochs).</summary>
    public bool Finished => _stopping.Finished;

    /// <summary>True when training stopped because the loss stopped improving (rather than at max epochs).</summary>
    public bool Converged => _stopping.Converged;

    /// <summary>sklearn <c>_init_coef</c> for each layer in turn: coefficients (fan_in × fan_out, row-major) then
    /// intercepts, all U(−b, b) with b = √(6 / (fan_in + fan_out)) (factor 6 for ReLU networks).</summary>
    private void Initialise()
    {
        int f = _layout.Inputs, hid = _layout.Hidden, hp = _layout.HiddenPadded, outs = _layout.Outputs;
        double bound1 = Math.Sqrt(6.0 / (f + hid));
        for (int i = 0; i < f; i++)
            for (int j = 0; j < hid; j++)
                _parameters[_layout.W1 + i * hp + j] = Uniform(bound1);
        for (int j = 0; j < hid; j++) _parameters[_layout.B1 + j] = Uniform(bound1);
        double bound2 = Math.Sqrt(6.0 / (hid + outs));
        for (int j = 0; j < hid; j++)
            for (int k = 0; k < outs; k++)
                _parameters[_layout.W2 + k * hp + j] = Uniform(bound2);
        for (int k = 0; k < outs; k++) _parameters[_layout.B2 + k] = Uniform(bound2);
    }

    /// <summary>
    /// Replaces the initial weights (tests: reproducing sklearn runs from known weights). Call before training.
    /// </summary>
    /// <param name="w1">F × H, sklearn coefs_[0].</param>
    /// <param name="b1">H, sklearn intercepts_[0].</param>
    /// <param name="w2">H × Outputs, sklearn coefs_[1].</param>
    /// <param name="b2">Outputs, sklearn intercepts_[1].</param>
    internal void SetParameters(double[,] w1, double[] b1, double[,] w2, double[] b2)
    {
        if (Epochs > 0) throw new InvalidOperationException("training has started");
        int hp = _layout.HiddenPadded;
        Array.Clear(_parameters);
        for (int f = 0; f < _layout.Inputs; f++)
            for (int j = 0; j < _layout.Hidden; j++) _parameters[_layout.W1 + f * hp + j] = T.CreateChecked(w1[f, j]);
        for (int j = 0; j < _layout.Hidden; j++) _parameters[_layout.B1 + j] = T.CreateChecked(b1[j]);
        for (int j = 0; j < _layout.Hidden; j++)
            for (int k = 0; k < _layout.Outputs; k++) _parameters[_layout.W2 + k * hp + j] = T.CreateChecked(w2[j, k]);
        for (int k = 0; k < _layout.Outputs; k++) _parameters[_layout.B2 + k] = T.CreateChecked(b2[k]);
    }

    /// <summary>The fitted model of the current parameters.</summary>
    /// <param name="classes">Network class index → label in 0..numClasses−1, ascending.</param>
    /// <param name="numClasses">K.</param>
    public MlpModel ToModel(int[] classes, int numClasses)
    {
        var parameters = ParametersAsDouble(out var layout);
        return new MlpModel(layout, parameters, classes, _layout.Inputs, numClasses, [.. _stopping.LossCurve], Converged);
    }

    private T Uniform(double bound) => T.CreateChecked(-bound + 2 * bound * _rng.NextDouble());

    /// <summary>Trains until the stopping rule fires.</summary>
    public void Train()
    {
        while (RunEpoch()) { }
    }

    /// <summary>
    /// One epoch: reshuffle the row order (unless disabled), one Adam step per mini-batch, record the mean loss (Σ batch_loss·batch_n / n)
    /// and apply the stopping rule: an epoch whose loss is not below best − tol counts as no improvement; more than
    /// n_iter_no_change such epochs in a row, or max epochs, stop training. Returns false once training has stopped.
    /// </summary>
    // Not AggressiveOptimization: that would keep the generator's methods it calls at tier 0 (see MlpWideKernel).
    public bool RunEpoch()
    {
        if (Finished) return false;
        var o = _options;
        if (o.Shuffle) _rng.Shuffle(_order.AsSpan());
        T alpha = T.CreateChecked(o.Alpha), beta1 = T.CreateChecked(o.Beta1), beta2 = T.CreateChecked(o.Beta2);
        T epsilon = T.CreateChecked(o.Epsilon);
        int n = _order.Length;
        double accumulated = 0;
        for (int start = 0; start < n; start += _batchSize)
        {
            int count = Math.Min(_batchSize, n - start);
            var batch = new ReadOnlySpan<int>(_order, start, count);
            double loss = _wide
                ? MlpWideKernel<T>.BatchGradient(_layout, _parameters, _gradients, _x, _y, batch, alpha, _scratch)
                : MlpKernel<T>.BatchGradient(_layout, _parameters, _gradients, _x, _y, batch, alpha, _scratch);
            accumulated += loss * count;
            _adamSteps++;
            double stepSize = o.LearningRate * Math.Sqrt(1 - Math.Pow(o.Beta2, _adamSteps)) / (1 - Math.Pow(o.Beta1, _adamSteps));
            MlpKernel<T>.AdamStep(_parameters, _gradients, _m, _v, beta1, beta2, T.CreateChecked(stepSize), epsilon);
        }
        double epochLoss = accumulated / n;
        return _stopping.Record(epochLoss);
    }

    /// <summary>The parameters converted to double (same layout, with hidden padding to the double SIMD width).</summary>
    public double[] ParametersAsDouble(out MlpLayout doubleLayout)
    {
        doubleLayout = MlpLayout.Create(_layout.Inputs, _layout.Hidden, _layout.Outputs, Vector<double>.Count);
        var result = new double[doubleLayout.Length];
        int hp = _layout.HiddenPadded, dhp = doubleLayout.HiddenPadded, hid = _layout.Hidden;
        for (int i = 0; i < _layout.Inputs; i++)
            for (int j = 0; j < hid; j++)
                result[doubleLayout.W1 + i * dhp + j] = double.CreateChecked(_parameters[_layout.W1 + i * hp + j]);
        for (int j = 0; j < hid; j++) result[doubleLayout.B1 + j] = double.CreateChecked(_parameters[_layout.B1 + j]);
        for (int k = 0; k < _layout.Outputs; k++)
        {
            for (int j = 0; j < hid; j++)
                result[doubleLayout.W2 + k * dhp + j] = double.CreateChecked(_parameters[_layout.W2 + k * hp + j]);
            result[doubleLayout.B2 + k] = double.CreateChecked(_parameters[_layout.B2 + k]);
        }
        return result;
    }
}
