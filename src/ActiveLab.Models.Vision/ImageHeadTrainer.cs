using ActiveLab.Core.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ActiveLab.Models.Vision;

/// <summary>
/// Trains one classifier head with libtorch in float32 (float64 with the tests-only
/// <see cref="ImageHeadOptions.TrainInFloat64"/>) on one device: mini-batch AdamW on the cross-entropy of the
/// training rows, the validation rows scored after every epoch, the best epoch's weights kept (see
/// <see cref="ImageHeadClassifierFactory"/>). All randomness (initial weights, per-epoch shuffles) comes from the
/// <see cref="Rng"/>; no torch generator is used.
/// </summary>
internal sealed class ImageHeadTrainer : IDisposable
{
    private readonly ImageHeadOptions _options;
    private readonly Rng _rng;
    private readonly Device _device;
    private readonly ScalarType _dtype;
    private readonly int _nTrain, _nValidation, _outputs;
    private readonly int[] _order;
    private readonly Tensor _xTrain, _yTrain, _xValidation, _yValidation;
    private readonly Tensor[] _parameters;   // [W1 (F × H), b1 (H),] W (· × O), b (O); requires_grad
    private readonly bool[] _decayed;         // weight matrices get weight decay, biases not
    private readonly Tensor[] _m, _v;
    private Tensor[]? _best;
    private long _steps;
    private double _bestAccuracy = double.NegativeInfinity, _bestLoss = double.PositiveInfinity;
    private int _sinceBest;

    /// <param name="x">Standardised features of all fit rows, n × F row-major (float32).</param>
    /// <param name="numFeatures">F.</param>
    /// <param name="y">Encoded labels 0..outputs−1, length n.</param>
    /// <param name="trainRows">Rows trained on.</param>
    /// <param name="validationRows">Rows scored for model selection (may be empty).</param>
    /// <param name="outputs">Softmax outputs (classes present in the fit).</param>
    /// <param name="options">Hyperparameters.</param>
    /// <param name="rng">Generator for the initial weights and the per-epoch shuffles.</param>
    /// <param name="device">Where to train.</param>
    public ImageHeadTrainer(float[] x, int numFeatures, int[] y, int[] trainRows, int[] validationRows, int outputs,
        ImageHeadOptions options, Rng rng, Device device)
    {
        _options = options;
        _rng = rng;
        _device = device;
        _dtype = options.TrainInFloat64 ? ScalarType.Float64 : ScalarType.Float32;
        _outputs = outputs;
        _nTrain = trainRows.Length;
        _nValidation = validationRows.Length;
        _order = new int[_nTrain];
        for (int i = 0; i < _nTrain; i++) _order[i] = i;

        using var scope = NewDisposeScope();
        (_xTrain, _yTrain) = Rows(x, numFeatures, y, trainRows);
        (_xValidation, _yValidation) = Rows(x, numFeatures, y, validationRows);

        // nn.Linear's default initialisation, drawn from the Rng: W and b ~ U(−1/√fan_in, 1/√fan_in), W row-major (in × out).
        var parameters = new List<Tensor>();
        var decayed = new List<bool>();
        int fanIn = numFeatures;
        foreach (int width in options.HiddenUnits > 0 ? new[] { options.HiddenUnits, outputs } : [outputs])
        {
            double bound = 1.0 / Math.Sqrt(fanIn);
            parameters.Add(Parameter(Uniform(fanIn * width, bound), [fanIn, width]));
            decayed.Add(true);
            parameters.Add(Parameter(Uniform(width, bound), [width]));
            decayed.Add(false);
            fanIn = width;
        }
        _parameters = [.. parameters];
        _decayed = [.. decayed];
        _m = [.. _parameters.Select(p => zeros_like(p).MoveToOuterDisposeScope())];
        _v = [.. _parameters.Select(p => zeros_like(p).MoveToOuterDisposeScope())];
    }

    private (Tensor X, Tensor Y) Rows(float[] x, int numFeatures, int[] y, int[] rows)
    {
        var xs = new float[rows.Length * numFeatures];
        var ys = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            x.AsSpan(rows[i] * numFeatures, numFeatures).CopyTo(xs.AsSpan(i * numFeatures));
            ys[i] = y[rows[i]];
        }
        return (tensor(xs, [rows.Length, numFeatures], ScalarType.Float32).to(_dtype, _device).MoveToOuterDisposeScope(),
            tensor(ys, [rows.Length], ScalarType.Int64).to(_device).MoveToOuterDisposeScope());
    }

    private double[] Uniform(int count, double bound)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = -bound + 2 * bound * _rng.NextDouble();
        return values;
    }

    // Float32: the draws rounded to float, as before; float64 (tests): as drawn.
    private Tensor Parameter(double[] values, long[] shape) =>
        tensor(values, shape, ScalarType.Float64).to(_dtype, _device).requires_grad_(true).MoveToOuterDisposeScope();

    /// <summary>Mean training loss of each epoch.</summary>
    public List<double> TrainLoss { get; } = [];

    /// <summary>Validation accuracy of each epoch (empty without validation rows).</summary>
    public List<double> ValidationAccuracy { get; } = [];

    /// <summary>Validation mean log-loss of each epoch (empty without validation rows).</summary>
    public List<double> ValidationLoss { get; } = [];

    /// <summary>1-based epoch whose weights are kept.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>True when training stopped on the patience rule before MaxEpochs.</summary>
    public bool StoppedEarly { get; private set; }

    private Tensor Logits(Tensor x)
    {
        var h = x;
        for (int layer = 0; layer < _parameters.Length; layer += 2)
        {
            h = _parameters[layer + 1].addmm(h, _parameters[layer]);
            if (layer + 2 < _parameters.Length) h = F.relu(h);
        }
        return h;
    }

    /// <summary>Trains until MaxEpochs or the patience rule.</summary>
    public void Train()
    {
        for (int epoch = 1; epoch <= _options.MaxEpochs; epoch++)
        {
            RunEpoch();
            if (_nValidation == 0)
            {
                BestEpoch = epoch;
                continue;
            }
            var (accuracy, loss) = Evaluate();
            ValidationAccuracy.Add(accuracy);
            ValidationLoss.Add(loss);
            bool better = _options.Selection == ImageHeadSelection.Accuracy
                ? accuracy > _bestAccuracy || (accuracy == _bestAccuracy && loss < _bestLoss)
                : loss < _bestLoss;
            if (better)
            {
                _bestAccuracy = accuracy;
                _bestLoss = loss;
                BestEpoch = epoch;
                _sinceBest = 0;
                Snapshot();
            }
            else if (_options.Patience > 0 && ++_sinceBest >= _options.Patience)
            {
                StoppedEarly = epoch < _options.MaxEpochs;
                break;
            }
        }
    }

    private void RunEpoch()
    {
        var o = _options;
        _rng.Shuffle(_order.AsSpan());
        using var epochScope = NewDisposeScope();
        var order = tensor(_order.Select(i => (long)i).ToArray(), ScalarType.Int64).to(_device);
        var lossSum = zeros(1, _dtype, _device);
        int batchSize = Math.Min(o.BatchSize, _nTrain);
        for (int start = 0; start < _nTrain; start += batchSize)
        {
            int count = Math.Min(batchSize, _nTrain - start);
            using var batchScope = NewDisposeScope();
            var rows = order.narrow(0, start, count);
            var loss = F.cross_entropy(Logits(_xTrain.index_select(0, rows)), _yTrain.index_select(0, rows));
            var gradients = autograd.grad([loss], _parameters);
            using (no_grad())
            {
                lossSum.add_(loss.detach() * count);
                _steps++;
                double correction1 = 1 - Math.Pow(o.Beta1, _steps);
                double correction2Sqrt = Math.Sqrt(1 - Math.Pow(o.Beta2, _steps));
                for (int i = 0; i < _parameters.Length; i++)
                {
                    // torch.optim.AdamW: decoupled decay, then the bias-corrected Adam step.
                    if (_decayed[i] && o.WeightDecay > 0) _parameters[i].mul_(1 - o.LearningRate * o.WeightDecay);
                    var g = gradients[i];
                    _m[i].mul_(o.Beta1).add_(g, 1 - o.Beta1);
                    _v[i].mul_(o.Beta2).addcmul_(g, g, 1 - o.Beta2);
                    var denominator = _v[i].sqrt().div_(correction2Sqrt).add_(o.Epsilon);
                    _parameters[i].addcdiv_(_m[i], denominator, -o.LearningRate / correction1);
                }
            }
        }
        TrainLoss.Add(lossSum.to(ScalarType.Float64).cpu().item<double>() / _nTrain);
    }

    /// <summary>Validation accuracy and mean log-loss of the current weights.</summary>
    private (double Accuracy, double Loss) Evaluate()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = Logits(_xValidation);
        var loss = F.cross_entropy(logits, _yValidation).to(ScalarType.Float64).cpu().item<double>();
        long correct = logits.argmax(1).eq(_yValidation).sum().cpu().item<long>();
        return ((double)correct / _nValidation, loss);
    }

    private void Snapshot()
    {
        using var noGrad = no_grad();
        if (_best is null)
        {
            _best = [.. _parameters.Select(p => p.detach().clone())];
            return;
        }
        for (int i = 0; i < _parameters.Length; i++) _best[i].copy_(_parameters[i]);
    }

    /// <summary>The kept weights (best epoch, or the last without validation) as float arrays: W row-major (in × out), b, per layer.</summary>
    public float[][] KeptParameters()
    {
        using var scope = NewDisposeScope();
        var source = _best ?? _parameters;
        return [.. source.Select(p => p.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray())];
    }

    public void Dispose()
    {
        foreach (var t in new[] { _xTrain, _yTrain, _xValidation, _yValidation }) t.Dispose();
        foreach (var t in _parameters.Concat(_m).Concat(_v).Concat(_best ?? [])) t.Dispose();
    }
}
