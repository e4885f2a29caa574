using ActiveLab.Core.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ActiveLab.Models.Torch;

/// <summary>
/// Trains one sklearn-style MLP with libtorch on one device (sklearn 1.0.2 <c>MLPClassifier._fit_stochastic</c> with
/// Adam and no early-stopping split), written with autograd so that it checks the hand-derived gradients of the C#
/// kernel rather than repeating them.
/// <para>
/// Per epoch: one Fisher–Yates shuffle of the row order from the <see cref="Rng"/>; per mini-batch of min(200, n)
/// rows (the last may be smaller): loss = mean log-loss + 0.5·α·(‖W1‖² + ‖W2‖²)/batch_n, gradients by autograd
/// (softmax/logistic + log-loss give δ = p − y, as sklearn's backprop), one Adam step in sklearn's form
/// θ −= lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε) (torch.optim.Adam puts ε elsewhere, so it is not used). The reported
/// epoch loss is sklearn's: Σ batch_loss·batch_n / n with probabilities clipped to [eps, 1−eps]; it is summed on the
/// device and read once per epoch. Stop when more than n_iter_no_change epochs in a row did not beat the best loss by
/// tol, or after max_iter epochs.
/// </para>
/// </summary>
internal sealed class TorchMlpTrainer : IDisposable
{
    private readonly MlpOptions _options;
    private readonly Rng _rng;
    private readonly Device _device;
    private readonly ScalarType _dtype;
    private readonly bool _binary;
    private readonly int _n, _batchSize;
    private readonly int[] _order;
    private readonly Tensor _x, _y;           // n × F on the device; labels (long) or 0/1 targets (dtype) for binary
    private readonly Tensor[] _parameters;    // W1 (F × H), b1 (H), W2 (H × O), b2 (O); requires_grad
    private readonly Tensor[] _m, _v;         // Adam moments
    private readonly double _logEps, _logOneMinusEps;
    private readonly MlpStoppingRule _stopping;
    private long _adamSteps;

    /// <param name="x">Training rows, n × F row-major.</param>
    /// <param name="numFeatures">F.</param>
    /// <param name="y">Labels 0..outputs−1 (0/1 when outputs = 1), length n.</param>
    /// <param name="outputs">K ≥ 3 classes → K softmax outputs; 2 classes → 1 logistic output.</param>
    /// <param name="options">Hyperparameters (Precision picks float64 or float32).</param>
    /// <param name="rng">Generator for the initial weights and the per-epoch shuffles.</param>
    /// <param name="device">Where to train.</param>
    public TorchMlpTrainer(double[] x, int numFeatures, int[] y, int outputs, MlpOptions options, Rng rng, Device device)
    {
        _options = options;
        _stopping = new MlpStoppingRule(options);
        _rng = rng;
        _device = device;
        _dtype = options.Precision == MlpPrecision.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        _binary = outputs == 1;
        _n = y.Length;
        _batchSize = Math.Min(options.BatchSize, _n);
        _order = new int[_n];
        for (int i = 0; i < _n; i++) _order[i] = i;
        // numpy's finfo(dtype).eps: sklearn clips probabilities to [eps, 1 − eps] inside the log-loss.
        double eps = _dtype == ScalarType.Float32 ? MathF.BitIncrement(1f) - 1f : Math.BitIncrement(1.0) - 1.0;
        _logEps = Math.Log(eps);
        _logOneMinusEps = Math.Log(1 - eps);

        using var scope = NewDisposeScope();
        _x = tensor(x, [_n, numFeatures], ScalarType.Float64).to(_dtype, _device).MoveToOuterDisposeScope();
        _y = _binary
            ? tensor(y.Select(v => (double)v).ToArray(), ScalarType.Float64).to(_dtype, _device).MoveToOuterDisposeScope()
            : tensor(y.Select(v => (long)v).ToArray(), ScalarType.Int64).to(_device).MoveToOuterDisposeScope();

        // sklearn _init_coef per layer: coefficients (fan_in × fan_out, row-major), then intercepts, all
        // U(−b, b) with b = √(6 / (fan_in + fan_out)) — the same draws, in the same order, as the C# MlpTrainer.
        int h = options.HiddenUnits;
        double bound1 = Math.Sqrt(6.0 / (numFeatures + h)), bound2 = Math.Sqrt(6.0 / (h + outputs));
        _parameters =
        [
            Parameter(Uniform(numFeatures * h, bound1), [numFeatures, h]),
            Parameter(Uniform(h, bound1), [h]),
            Parameter(Uniform(h * outputs, bound2), [h, outputs]),
            Parameter(Uniform(outputs, bound2), [outputs]),
        ];
        _m = [.. _parameters.Select(p => zeros_like(p).MoveToOuterDisposeScope())];
        _v = [.. _parameters.Select(p => zeros_like(p).MoveToOuterDisposeScope())];
    }

    /// <summary>Mean training loss of each completed epoch (sklearn loss_curve_).</summary>
    public IReadOnlyList<double> LossCurve => _stopping.LossCurve;

    /// <summary>True once training stopped.</summary>
    public bool Finished => _stopping.Finished;

    /// <summary>True when training stopped on the no-improvement rule (rather than at max epochs).</summary>
    public bool Converged => _stopping.Converged;

    private double[] Uniform(int count, double bound)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = -bound + 2 * bound * _rng.NextDouble();
        return values;
    }

    private Tensor Parameter(double[] values, long[] shape) =>
        tensor(values, shape, ScalarType.Float64).to(_dtype, _device).requires_grad_(true).MoveToOuterDisposeScope();

    /// <summary>Trains until the stopping rule fires.</summary>
    public void Train()
    {
        while (RunEpoch()) { }
    }

    /// <summary>One epoch (see the class summary); returns false once training has stopped.</summary>
    public bool RunEpoch()
    {
        if (Finished) return false;
        var o = _options;
        _rng.Shuffle(_order.AsSpan());
        using var epochScope = NewDisposeScope();
        var order = tensor(_order.Select(i => (long)i).ToArray(), ScalarType.Int64).to(_device);
        var lossSum = zeros(1, _dtype, _device);
        for (int start = 0; start < _n; start += _batchSize)
        {
            int count = Math.Min(_batchSize, _n - start);
            using var batchScope = NewDisposeScope();
            var rows = order.narrow(0, start, count);
            var xb = _x.index_select(0, rows);
            var yb = _y.index_select(0, rows);
            var hidden = F.relu(_parameters[1].addmm(xb, _parameters[0]));
            var logits = _parameters[3].addmm(hidden, _parameters[2]);

            Tensor dataLoss, reported;
            if (_binary)
            {
                var z = logits.squeeze(1);
                dataLoss = F.binary_cross_entropy_with_logits(z, yb);
                using (no_grad())
                {
                    var logP = F.logsigmoid(z).clamp(_logEps, _logOneMinusEps);
                    var logQ = F.logsigmoid(z.neg()).clamp(_logEps, _logOneMinusEps);
                    reported = (yb * logP + (1 - yb) * logQ).mean().neg();
                }
            }
            else
            {
                var picked = F.log_softmax(logits, 1).gather(1, yb.unsqueeze(1));
                dataLoss = picked.mean().neg();
                using (no_grad())
                    reported = picked.clamp(_logEps, _logOneMinusEps).mean().neg();
            }
            var penalty = (_parameters[0].square().sum() + _parameters[2].square().sum()) * (0.5 * o.Alpha / count);
            var loss = dataLoss + penalty;
            var gradients = autograd.grad([loss], _parameters);

            using (no_grad())
            {
                lossSum.add_((reported + penalty.detach()) * count);
                _adamSteps++;
                double stepSize = o.LearningRate * Math.Sqrt(1 - Math.Pow(o.Beta2, _adamSteps)) / (1 - Math.Pow(o.Beta1, _adamSteps));
                for (int i = 0; i < _parameters.Length; i++)
                {
                    var g = gradients[i];
                    _m[i].mul_(o.Beta1).add_(g, 1 - o.Beta1);
                    _v[i].mul_(o.Beta2).addcmul_(g, g, 1 - o.Beta2);
                    _parameters[i].addcdiv_(_m[i], _v[i].sqrt().add_(o.Epsilon), -stepSize);
                }
            }
        }

        double epochLoss = lossSum.to(ScalarType.Float64).cpu().item<double>() / _n;
        return _stopping.Record(epochLoss);
    }

    /// <summary>The parameters as float64 arrays on the host: W1 (F × H row-major), b1, W2 (H × O row-major), b2.</summary>
    public double[][] ParametersAsDouble()
    {
        using var scope = NewDisposeScope();
        return [.. _parameters.Select(p => p.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray())];
    }

    public void Dispose()
    {
        _x.Dispose();
        _y.Dispose();
        foreach (var t in _parameters) t.Dispose();
        foreach (var t in _m) t.Dispose();
        foreach (var t in _v) t.Dispose();
    }
}
