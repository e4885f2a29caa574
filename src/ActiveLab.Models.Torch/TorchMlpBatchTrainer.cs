using ActiveLab.Core.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace ActiveLab.Models.Torch;

/// <summary>One network of a <see cref="TorchMlpBatchTrainer"/>: its rows, labels and generator.</summary>
/// <param name="X">Training rows, n × F row-major.</param>
/// <param name="Y">Labels 0..outputs−1 (0/1 for a binary network), length n.</param>
/// <param name="Rng">The member's own generator (initial weights, then one shuffle per epoch), as when trained alone.</param>
internal sealed record BatchMember(double[] X, int[] Y, Rng Rng);

/// <summary>
/// Trains B independent sklearn-style MLPs of one shape (F inputs, H hidden, O outputs) as one stacked computation,
/// so that a GPU runs one set of kernels for all of them instead of B sets of tiny, launch-bound ones. Each member
/// follows exactly the recipe of <see cref="TorchMlpTrainer"/> (and of the C# kernel): the same initial-weight draws
/// and per-epoch shuffles from its own <see cref="Rng"/>, mini-batches of min(200, n) rows with a short last batch,
/// loss and gradients divided by its own batch's row count, its own Adam step counter, its own stopping rule.
/// <para>
/// How: weights are stacked as [B, F, H] / [B, H, O] views of one flat [B, P] parameter tensor (so Adam is a handful
/// of element-wise kernels over all members), forward passes are batched matrix products (<c>bmm</c>), and the backward pass is written out
/// (δ = p − onehot(y) scaled by the row mask over the batch's row count; ∇W2 = Hᵀδ + αW2/n, D1 = δW2ᵀ ⊙ [H &gt; 0],
/// ∇W1 = XᵀD1 + αW1/n) instead of building an autograd graph per step. Members whose row counts differ take
/// different numbers of steps per epoch: a member without a batch at a step is masked out of the update (its
/// parameters, moments and step counter stay as they are). An epoch's gather indices, row masks and step sizes are
/// prepared on the host and uploaded once; the per-member epoch losses are read back once per epoch for the stopping
/// rules. Stopped members are frozen, and dropped from the stacked tensors once a quarter of the batch has stopped.
/// </para>
/// </summary>
internal sealed class TorchMlpBatchTrainer : IDisposable
{
    private readonly MlpOptions _options;
    private readonly Device _device;
    private readonly ScalarType _dtype;
    private readonly int _f, _h, _o;
    private readonly bool _binary;
    private readonly BatchMember[] _members;
    private readonly MlpStoppingRule[] _stopping;
    private readonly long[] _adamSteps;
    private readonly int[][] _orders;
    private readonly double _eps;

    // Stacked state of the live members (_live[i] = member index of row i of every tensor below).
    private int[] _live;
    private int _nMax;
    private Tensor _x, _y;                   // [L, Nmax, F]; one-hot targets [L, Nmax, O] (0/1 targets [L, Nmax, 1] if binary)
    private Tensor _theta, _m, _v;           // [L, P]
    private readonly double[][] _final;      // parameters of members already dropped from the stack (flat, float64)

    /// <param name="members">The networks to train (at least one).</param>
    /// <param name="numFeatures">F.</param>
    /// <param name="outputs">O: K ≥ 3 classes → K softmax outputs; 2 classes → 1 logistic output.</param>
    /// <param name="options">Hyperparameters (Precision picks float64 or float32).</param>
    /// <param name="device">Where to train.</param>
    public TorchMlpBatchTrainer(IReadOnlyList<BatchMember> members, int numFeatures, int outputs, MlpOptions options, Device device)
    {
        if (members.Count == 0) throw new ArgumentException("no members", nameof(members));
        _options = options;
        _device = device;
        _dtype = options.Precision == MlpPrecision.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        _f = numFeatures;
        _h = options.HiddenUnits;
        _o = outputs;
        _binary = outputs == 1;
        _members = [.. members];
        int b = _members.Length;
        _stopping = [.. _members.Select(_ => new MlpStoppingRule(options))];
        _adamSteps = new long[b];
        _orders = [.. _members.Select(m => Enumerable.Range(0, m.Y.Length).ToArray())];
        _final = new double[b][];
        _eps = _dtype == ScalarType.Float32 ? MathF.BitIncrement(1f) - 1f : Math.BitIncrement(1.0) - 1.0;
        _live = [.. Enumerable.Range(0, b)];
        _nMax = _members.Max(m => m.Y.Length);

        // Inputs and targets, zero-padded to the longest member.
        var x = new double[b * _nMax * _f];
        int width = _binary ? 1 : _o;
        var y = new double[b * _nMax * width];
        for (int i = 0; i < b; i++)
        {
            var m = _members[i];
            if (m.X.Length != m.Y.Length * _f) throw new ArgumentException($"member {i}: {m.X.Length} values for {m.Y.Length} rows of {_f}");
            Array.Copy(m.X, 0, x, i * _nMax * _f, m.X.Length);
            for (int r = 0; r < m.Y.Length; r++)
            {
                if (_binary) y[(i * _nMax + r)] = m.Y[r];
                else y[(i * _nMax + r) * _o + m.Y[r]] = 1;
            }
        }
        // Initial weights: each member draws W1 (F × H row-major), b1, W2 (H × O row-major), b2 from its own generator,
        // U(−b, b) with b = √(6 / (fan_in + fan_out)) — the same draws, in the same order, as a member trained alone.
        int p = ParameterCount;
        var theta = new double[b * p];
        double bound1 = Math.Sqrt(6.0 / (_f + _h)), bound2 = Math.Sqrt(6.0 / (_h + _o));
        for (int i = 0; i < b; i++)
        {
            var rng = _members[i].Rng;
            int at = i * p;
            for (int j = 0; j < _f * _h + _h; j++) theta[at++] = -bound1 + 2 * bound1 * rng.NextDouble();
            for (int j = 0; j < _h * _o + _o; j++) theta[at++] = -bound2 + 2 * bound2 * rng.NextDouble();
        }
        using var scope = NewDisposeScope();
        _x = tensor(x, [b, _nMax, _f], ScalarType.Float64).to(_dtype, _device).MoveToOuterDisposeScope();
        _y = tensor(y, [b, _nMax, width], ScalarType.Float64).to(_dtype, _device).MoveToOuterDisposeScope();
        _theta = tensor(theta, [b, p], ScalarType.Float64).to(_dtype, _device).MoveToOuterDisposeScope();
        _m = zeros_like(_theta).MoveToOuterDisposeScope();
        _v = zeros_like(_theta).MoveToOuterDisposeScope();
    }

    private int ParameterCount => _f * _h + _h + _h * _o + _o;

    /// <summary>Members still training.</summary>
    public int Training => _live.Count(i => !_stopping[i].Finished);

    /// <summary>Member <paramref name="member"/>'s loss curve (sklearn loss_curve_).</summary>
    public IReadOnlyList<double> LossCurve(int member) => _stopping[member].LossCurve;

    /// <summary>True when member <paramref name="member"/> stopped on the no-improvement rule (not at max epochs).</summary>
    public bool Converged(int member) => _stopping[member].Converged;

    /// <summary>Trains until every member's stopping rule fires.</summary>
    public void Train()
    {
        while (RunEpoch()) { }
    }

    /// <summary>One epoch of every live member; returns false once all have stopped.</summary>
    public bool RunEpoch()
    {
        if (Training == 0) return false;
        var o = _options;
        int l = _live.Length, bs = o.BatchSize;
        // Host side: each member's shuffle and batch plan, exactly as when trained alone.
        var batchSizes = new int[l];
        var steps = new int[l];
        int maxSteps = 0;
        for (int i = 0; i < l; i++)
        {
            int member = _live[i];
            if (_stopping[member].Finished) continue;
            int n = _orders[member].Length;
            if (o.Shuffle) _members[member].Rng.Shuffle(_orders[member].AsSpan());
            batchSizes[i] = Math.Min(bs, n);
            steps[i] = (n + batchSizes[i] - 1) / batchSizes[i];
            maxSteps = Math.Max(maxSteps, steps[i]);
        }
        int width = batchSizes.Max();
        var index = new long[maxSteps * l * width];
        var scale = new double[maxSteps * l * width];   // 1 / rows of the member's batch on real rows, 0 on padding
        var active = new double[maxSteps * l];
        var stepSize = new double[maxSteps * l];
        var count = new double[maxSteps * l];
        for (int i = 0; i < l; i++)
        {
            int member = _live[i];
            if (_stopping[member].Finished) continue;
            var order = _orders[member];
            for (int s = 0; s < steps[i]; s++)
            {
                int start = s * batchSizes[i], rows = Math.Min(batchSizes[i], order.Length - start);
                int at = (s * l + i) * width;
                for (int r = 0; r < rows; r++)
                {
                    index[at + r] = order[start + r];
                    scale[at + r] = 1.0 / rows;
                }
                long t = ++_adamSteps[member];
                active[s * l + i] = 1;
                count[s * l + i] = rows;
                stepSize[s * l + i] = o.LearningRate * Math.Sqrt(1 - Math.Pow(o.Beta2, t)) / (1 - Math.Pow(o.Beta1, t));
            }
        }

        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var indexT = tensor(index, [maxSteps, l, width], ScalarType.Int64).to(_device);
            var scaleT = tensor(scale, [maxSteps, l, width, 1], ScalarType.Float64).to(_dtype, _device);
            var activeT = tensor(active, [maxSteps, l, 1], ScalarType.Float64).to(_dtype, _device);
            var countT = tensor(count, [maxSteps, l], ScalarType.Float64).to(_dtype, _device);
            var stepT = tensor(stepSize, [maxSteps, l, 1], ScalarType.Float64).to(_dtype, _device);
            var lossSum = zeros([l], _dtype, _device);
            var grad = zeros_like(_theta);
            int p1 = _f * _h, p2 = p1 + _h, p3 = p2 + _h * _o;
            var w1 = _theta.narrow(1, 0, p1).view(l, _f, _h);
            var b1 = _theta.narrow(1, p1, _h).view(l, 1, _h);
            var w2 = _theta.narrow(1, p2, _h * _o).view(l, _h, _o);
            var b2 = _theta.narrow(1, p3, _o).view(l, 1, _o);
            var gw1 = grad.narrow(1, 0, p1).view(l, _f, _h);
            var gb1 = grad.narrow(1, p1, _h);
            var gw2 = grad.narrow(1, p2, _h * _o).view(l, _h, _o);
            var gb2 = grad.narrow(1, p3, _o);
            for (int s = 0; s < maxSteps; s++)
            {
                using var stepScope = NewDisposeScope();
                var idx = indexT[s].unsqueeze(-1);                                    // [L, W, 1]
                var xb = _x.gather(1, idx.expand(l, width, _f));                       // [L, W, F]
                var yb = _y.gather(1, idx.expand(l, width, _binary ? 1 : _o));         // [L, W, O]
                var rowScale = scaleT[s];                                              // [L, W, 1]
                var hidden = bmm(xb, w1).add_(b1).relu_();                              // [L, W, H]
                var logits = bmm(hidden, w2).add_(b2);                                  // [L, W, O]
                var prob = _binary ? logits.sigmoid() : logits.softmax(-1);
                // Reported loss (sklearn's, probabilities clipped to [eps, 1 − eps]), summed over the member's rows.
                var clipped = prob.clamp(_eps, 1 - _eps);
                var logLoss = _binary
                    ? (yb * clipped.log() + (1 - yb) * (1 - clipped).log()).neg()
                    : (yb * clipped.log()).neg();
                var penalty = w1.square().sum([1, 2]).add_(w2.square().sum([1, 2])).mul_(0.5 * o.Alpha);   // [L]
                var isActive = activeT[s];                                             // [L, 1]
                lossSum.add_((logLoss * rowScale.sign()).sum([1, 2]).add_(penalty * isActive.squeeze(1)));

                // Backward, written out: δ = (p − y) / rows on real rows.
                var delta = (prob - yb).mul_(rowScale);                                // [L, W, O]
                var n = countT[s].clamp_min(1).view(l, 1, 1);
                gw2.copy_(bmm(hidden.transpose(1, 2), delta).add_(w2 * (o.Alpha) / n));
                gb2.copy_(delta.sum(1));
                var d1 = bmm(delta, w2.transpose(1, 2)).mul_(hidden > 0);              // [L, W, H]
                gw1.copy_(bmm(xb.transpose(1, 2), d1).add_(w1 * (o.Alpha) / n));
                gb1.copy_(d1.sum(1));

                // Adam (sklearn's form), only for members with a batch at this step.
                var mask = isActive > 0;                                               // [L, 1]
                var m = _m * o.Beta1 + grad * (1 - o.Beta1);
                var v = _v * o.Beta2 + grad.square() * (1 - o.Beta2);
                _m.copy_(where(mask, m, _m));
                _v.copy_(where(mask, v, _v));
                _theta.sub_(stepT[s] * _m / (_v.sqrt() + o.Epsilon));                  // step size 0 where inactive
            }

            var losses = lossSum.to(ScalarType.Float64).cpu().data<double>().ToArray();
            for (int i = 0; i < l; i++)
            {
                int member = _live[i];
                if (!_stopping[member].Finished) _stopping[member].Record(losses[i] / _orders[member].Length);
            }
        }
        if (_live.Count(i => _stopping[i].Finished) * 4 >= _live.Length && Training > 0) Compact();
        return Training > 0;
    }

    /// <summary>Keeps the stopped members' final parameters on the host and the live ones on the device.</summary>
    private void Compact()
    {
        var keep = new List<long>();
        var flat = ThetaAsDouble();
        for (int i = 0; i < _live.Length; i++)
        {
            if (_stopping[_live[i]].Finished) _final[_live[i]] = flat[i];
            else keep.Add(i);
        }
        using var scope = NewDisposeScope();
        var rows = tensor(keep.ToArray(), ScalarType.Int64).to(_device);
        Tensor Select(Tensor t) => t.index_select(0, rows).MoveToOuterDisposeScope();
        var (x, y, theta, m, v) = (Select(_x), Select(_y), Select(_theta), Select(_m), Select(_v));
        _x.Dispose(); _y.Dispose(); _theta.Dispose(); _m.Dispose(); _v.Dispose();
        (_x, _y, _theta, _m, _v) = (x, y, theta, m, v);
        _live = [.. keep.Select(i => _live[i])];
    }

    private double[][] ThetaAsDouble()
    {
        using var scope = NewDisposeScope();
        var all = _theta.to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        int p = ParameterCount;
        return [.. Enumerable.Range(0, _live.Length).Select(i => all.AsSpan(i * p, p).ToArray())];
    }

    /// <summary>Member <paramref name="member"/>'s parameters as float64 arrays: W1 (F × H row-major), b1, W2 (H × O
    /// row-major), b2 — the layout of <see cref="TorchMlpTrainer.ParametersAsDouble"/>.</summary>
    public double[][] ParametersAsDouble(int member)
    {
        var flat = _final[member];
        if (flat is null)
        {
            int row = Array.IndexOf(_live, member);
            flat = ThetaAsDouble()[row];
        }
        int p1 = _f * _h, p2 = p1 + _h, p3 = p2 + _h * _o;
        return [flat[..p1], flat[p1..p2], flat[p2..p3], flat[p3..]];
    }

    public void Dispose()
    {
        _x.Dispose();
        _y.Dispose();
        _theta.Dispose();
        _m.Dispose();
        _v.Dispose();
    }
}
