using ActiveLab.Core.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace ActiveLab.Models.Vision;

/// <summary>
/// Trains B independent <c>resnet18-head</c> heads of one architecture (F inputs, <see cref="ImageHeadOptions.HiddenUnits"/>
/// hidden or none) as one stacked computation, so that a GPU runs one set of kernels for all of them instead of B sets
/// of tiny, launch-bound ones. Each member follows exactly the recipe of <see cref="ImageHeadTrainer"/>: the same
/// initial-weight draws (W row-major, then b, per layer) and one shuffle of its training rows per epoch from its own
/// <see cref="Rng"/>, mini-batches of min(BatchSize, n) rows with a short last batch, the loss and gradients divided by
/// its own batch's row count, AdamW with its own step counter, its own validation scoring, best-epoch snapshot and
/// patience stop. Members may differ in rows, holdout and class count.
/// <para>
/// How: the parameters are [B, in, out] / [B, out] views of one flat [B, P] tensor (so AdamW is a handful of
/// element-wise kernels over all members); forward passes are batched products (<c>bmm</c>) plus the bias; the backward pass is written out
/// (δ = (softmax − onehot(y)) / rows on a member's real rows and 0 on padding; ∇W = Aᵀδ, ∇b = Σδ, δ ← δWᵀ ⊙ [A &gt; 0]
/// through the ReLU) instead of recording an autograd graph per step — the head is two matrix products, its gradient
/// is three more, and an autograd graph would only add bookkeeping per step. Members with fewer classes than the
/// widest have zero weight/bias columns for the missing outputs and −∞ added to those logits, so their softmax, loss,
/// gradients (0 there: the columns and their Adam moments stay exactly 0) and argmax are those of their own width.
/// Members whose row counts differ take different numbers of steps per epoch; a member without a batch at a step is
/// masked out of the update (its parameters, moments and step counter stay as they are). An epoch's gather indices,
/// row weights and AdamW factors are prepared on the host and uploaded once; validation loss and accuracy of all
/// members are read back once per epoch for the selection and patience rules. A stopped member is frozen (masked: no
/// shuffle, no step), and stopped members are dropped from the stacked tensors once they are a quarter of the stack:
/// masking alone would keep paying their share of every product until the slowest member stops, while dropping at
/// every stop would copy all stacked tensors each time.
/// </para>
/// </summary>
internal sealed class ImageHeadBatchTrainer : IDisposable
{
    /// <summary>One head of the batch, prepared as for <see cref="ImageHeadTrainer"/>.</summary>
    /// <param name="X">Standardised features of all the fit's rows, n × F row-major.</param>
    /// <param name="Y">Encoded labels 0..Outputs−1, length n.</param>
    /// <param name="TrainRows">Rows trained on.</param>
    /// <param name="ValidationRows">Rows scored for model selection (may be empty).</param>
    /// <param name="Outputs">Softmax outputs (classes present in the fit), at least 2.</param>
    /// <param name="Rng">The member's own generator (initial weights, then one shuffle per epoch), as when trained alone.</param>
    public sealed record Member(float[] X, int[] Y, int[] TrainRows, int[] ValidationRows, int Outputs, Rng Rng);

    private sealed class State(int trainRows, int validationRows)
    {
        public readonly int[] Order = [.. Enumerable.Range(0, trainRows)];
        public readonly int ValidationRows = validationRows;
        public readonly List<double> TrainLoss = [], ValidationAccuracy = [], ValidationLoss = [];
        public long Steps;
        public double BestAccuracy = double.NegativeInfinity, BestLoss = double.PositiveInfinity;
        public int SinceBest, BestEpoch;
        public bool HasSnapshot, Finished, StoppedEarly;
        public float[][]? Kept;   // set when the member is dropped from the stack
    }

    private readonly ImageHeadOptions _options;
    private readonly Device _device;
    private readonly ScalarType _dtype;
    private readonly int _f, _oMax;
    private readonly (int In, int Out, int Offset)[] _layers;   // weight at Offset (In × Out row-major), bias after it
    private readonly int _p;
    private readonly Member[] _members;
    private readonly State[] _state;
    private int _epoch;

    // Stacked state of the members still in the stack (_live[i] = member index of row i of every tensor below).
    private int[] _live;
    private Tensor _xTrain;                       // [L, Nmax, F] (zero padding; labels are gathered on the host)
    private Tensor _xValidation, _yValidation;    // [L, Vmax, F], [L, Vmax]
    private Tensor _validationMask;               // [L, Vmax]: 1 on real validation rows
    private Tensor _logitMask;                    // [L, 1, Omax]: 0 on the member's outputs, −∞ beyond
    private Tensor _theta, _m, _v, _best;         // [L, P]

    /// <param name="members">The heads to train (at least one), all with <paramref name="numFeatures"/> features.</param>
    /// <param name="numFeatures">F.</param>
    /// <param name="options">Hyperparameters (shared by all members).</param>
    /// <param name="device">Where to train.</param>
    public ImageHeadBatchTrainer(IReadOnlyList<Member> members, int numFeatures, ImageHeadOptions options, Device device)
    {
        if (members.Count == 0) throw new ArgumentException("no members", nameof(members));
        _options = options;
        _device = device;
        _dtype = options.TrainInFloat64 ? ScalarType.Float64 : ScalarType.Float32;
        _f = numFeatures;
        _members = [.. members];
        int b = _members.Length;
        for (int i = 0; i < b; i++)
        {
            var m = _members[i];
            if (m.X.Length != m.Y.Length * _f) throw new ArgumentException($"member {i}: {m.X.Length} values for {m.Y.Length} rows of {_f}");
            if (m.Outputs < 2) throw new ArgumentException($"member {i}: {m.Outputs} outputs (a one-class fit has no head)");
        }
        _oMax = _members.Max(m => m.Outputs);
        _state = [.. _members.Select(m => new State(m.TrainRows.Length, m.ValidationRows.Length))];
        _live = [.. Enumerable.Range(0, b)];

        var layers = new List<(int, int, int)>();
        int fanIn = _f, offset = 0;
        foreach (int width in options.HiddenUnits > 0 ? new[] { options.HiddenUnits, _oMax } : [_oMax])
        {
            layers.Add((fanIn, width, offset));
            offset += fanIn * width + width;
            fanIn = width;
        }
        _layers = [.. layers];
        _p = offset;

        // Initial weights: each member draws, per layer, W (in × its own out, row-major) then b from its own generator,
        // U(−1/√fan_in, 1/√fan_in) — the draws of a member trained alone, in the same order; columns beyond its outputs stay 0.
        var theta = new double[b * _p];
        for (int i = 0; i < b; i++)
        {
            var rng = _members[i].Rng;
            for (int k = 0; k < _layers.Length; k++)
            {
                var (inputs, width, at) = _layers[k];
                int own = k == _layers.Length - 1 ? _members[i].Outputs : width;
                double bound = 1.0 / Math.Sqrt(inputs);
                at += i * _p;
                for (int r = 0; r < inputs; r++)
                    for (int c = 0; c < own; c++) theta[at + r * width + c] = Draw(rng, bound);
                at += inputs * width;
                for (int c = 0; c < own; c++) theta[at + c] = Draw(rng, bound);
            }
        }

        var logitMask = new double[b * _oMax];
        for (int i = 0; i < b; i++)
            for (int c = _members[i].Outputs; c < _oMax; c++) logitMask[i * _oMax + c] = double.NegativeInfinity;

        using var scope = NewDisposeScope();
        (_xTrain, _, _) = Stack(m => m.TrainRows);
        (_xValidation, _yValidation, _validationMask) = Stack(m => m.ValidationRows);
        _logitMask = tensor(logitMask, [b, 1, _oMax], ScalarType.Float64).to(_dtype, _device).MoveToOuterDisposeScope();
        _theta = tensor(theta, [b, _p], ScalarType.Float64).to(_dtype, _device).MoveToOuterDisposeScope();
        _m = zeros_like(_theta).MoveToOuterDisposeScope();
        _v = zeros_like(_theta).MoveToOuterDisposeScope();
        _best = _theta.clone().MoveToOuterDisposeScope();
    }

    // ImageHeadTrainer rounds the draw to float32 when it trains in float32 (and so does the cast here, in .to(_dtype)).
    private static double Draw(Rng rng, double bound) => -bound + 2 * bound * rng.NextDouble();

    /// <summary>Each member's rows (selected by <paramref name="rows"/>) stacked and zero-padded: x, y and a row mask.</summary>
    private (Tensor X, Tensor Y, Tensor Mask) Stack(Func<Member, int[]> rows)
    {
        int b = _members.Length, nMax = _members.Max(m => rows(m).Length);
        var xs = new float[b * nMax * _f];
        var ys = new long[b * nMax];
        var mask = new double[b * nMax];
        for (int i = 0; i < b; i++)
        {
            var m = _members[i];
            var selected = rows(m);
            for (int r = 0; r < selected.Length; r++)
            {
                m.X.AsSpan(selected[r] * _f, _f).CopyTo(xs.AsSpan((i * nMax + r) * _f));
                ys[i * nMax + r] = m.Y[selected[r]];
                mask[i * nMax + r] = 1;
            }
        }
        return (tensor(xs, [b, nMax, _f], ScalarType.Float32).to(_dtype, _device).MoveToOuterDisposeScope(),
            tensor(ys, [b, nMax], ScalarType.Int64).to(_device).MoveToOuterDisposeScope(),
            tensor(mask, [b, nMax], ScalarType.Float64).to(_dtype, _device).MoveToOuterDisposeScope());
    }

    /// <summary>Members still training.</summary>
    public int Training => _state.Count(s => !s.Finished);

    /// <summary>Member <paramref name="member"/>'s mean training loss of each epoch.</summary>
    public IReadOnlyList<double> TrainLoss(int member) => _state[member].TrainLoss;

    /// <summary>Member <paramref name="member"/>'s validation accuracy of each epoch (empty without validation rows).</summary>
    public IReadOnlyList<double> ValidationAccuracy(int member) => _state[member].ValidationAccuracy;

    /// <summary>Member <paramref name="member"/>'s validation mean log-loss of each epoch (empty without validation rows).</summary>
    public IReadOnlyList<double> ValidationLoss(int member) => _state[member].ValidationLoss;

    /// <summary>Member <paramref name="member"/>'s 1-based epoch whose weights are kept.</summary>
    public int BestEpoch(int member) => _state[member].BestEpoch;

    /// <summary>True when member <paramref name="member"/> stopped on the patience rule before MaxEpochs.</summary>
    public bool StoppedEarly(int member) => _state[member].StoppedEarly;

    /// <summary>Trains until every member has reached MaxEpochs or its patience rule.</summary>
    public void Train()
    {
        while (RunEpoch()) { }
    }

    /// <summary>One epoch of every member still training, then its validation and stopping rules; false once all have stopped.</summary>
    public bool RunEpoch()
    {
        if (Training == 0) return false;
        _epoch++;
        var o = _options;
        int l = _live.Length;
        // Host side: each member's shuffle and batch plan, exactly as when trained alone.
        var batchSizes = new int[l];
        var steps = new int[l];
        int maxSteps = 0;
        for (int i = 0; i < l; i++)
        {
            var s = _state[_live[i]];
            if (s.Finished) continue;
            _members[_live[i]].Rng.Shuffle(s.Order.AsSpan());
            batchSizes[i] = Math.Min(o.BatchSize, s.Order.Length);
            steps[i] = (s.Order.Length + batchSizes[i] - 1) / batchSizes[i];
            maxSteps = Math.Max(maxSteps, steps[i]);
        }
        int width = batchSizes.Max();
        int nMax = (int)_xTrain.shape[1];
        var index = new long[maxSteps * l * width];     // rows of the flattened [L·Nmax, F] training features
        var target = new long[maxSteps * l * width];    // their labels
        var scale = new double[maxSteps * l * width];   // 1 / rows of the member's batch on real rows, 0 on padding
        var count = new double[maxSteps * l];
        // Per step and member, AdamW's factors; a member without a batch at the step keeps everything as it is.
        var decay = new double[maxSteps * l];           // 1 − lr·λ, or 1
        var beta1 = new double[maxSteps * l];           // β1, or 1
        var gain1 = new double[maxSteps * l];           // 1 − β1, or 0
        var beta2 = new double[maxSteps * l];           // β2, or 1
        var gain2 = new double[maxSteps * l];           // 1 − β2, or 0
        var correction2 = new double[maxSteps * l];     // √(1 − β2^t), or 1
        var stepSize = new double[maxSteps * l];        // lr / (1 − β1^t), or 0
        Array.Fill(decay, 1.0);
        Array.Fill(beta1, 1.0);
        Array.Fill(beta2, 1.0);
        Array.Fill(correction2, 1.0);
        for (int i = 0; i < l; i++)
            for (int step = 0; step < maxSteps; step++) Array.Fill(index, (long)i * nMax, (step * l + i) * width, width);
        for (int i = 0; i < l; i++)
        {
            var s = _state[_live[i]];
            if (s.Finished) continue;
            for (int step = 0; step < steps[i]; step++)
            {
                int start = step * batchSizes[i], rows = Math.Min(batchSizes[i], s.Order.Length - start);
                int at = (step * l + i) * width;
                var y = _members[_live[i]].Y;
                var trainRows = _members[_live[i]].TrainRows;
                for (int r = 0; r < rows; r++)
                {
                    int row = s.Order[start + r];
                    index[at + r] = (long)i * nMax + row;
                    target[at + r] = y[trainRows[row]];
                    scale[at + r] = 1.0 / rows;
                }
                long t = ++s.Steps;
                int j = step * l + i;
                count[j] = rows;
                if (o.WeightDecay > 0) decay[j] = 1 - o.LearningRate * o.WeightDecay;
                (beta1[j], gain1[j], beta2[j], gain2[j]) = (o.Beta1, 1 - o.Beta1, o.Beta2, 1 - o.Beta2);
                correction2[j] = Math.Sqrt(1 - Math.Pow(o.Beta2, t));
                stepSize[j] = o.LearningRate / (1 - Math.Pow(o.Beta1, t));
            }
        }

        double[] losses;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var indexT = tensor(index, [maxSteps, l * width], ScalarType.Int64).to(_device);
            var targetT = tensor(target, [maxSteps, l, width, 1], ScalarType.Int64).to(_device);
            var scaleT = tensor(scale, [maxSteps, l, width, 1], ScalarType.Float64).to(_dtype, _device);
            var countT = tensor(count, [maxSteps, l], ScalarType.Float64).to(_dtype, _device);
            Tensor Factor(double[] values, params long[] shape) => tensor(values, shape, ScalarType.Float64).to(_dtype, _device);
            var decayT = Factor(decay, maxSteps, l, 1, 1);
            var (beta1T, gain1T, beta2T, gain2T) = (Factor(beta1, maxSteps, l, 1), Factor(gain1, maxSteps, l, 1),
                Factor(beta2, maxSteps, l, 1), Factor(gain2, maxSteps, l, 1));
            var correction2T = Factor(correction2, maxSteps, l, 1);
            var stepT = Factor(stepSize, maxSteps, l, 1);
            var xFlat = _xTrain.view(-1, _f);
            var lossSum = zeros([l], _dtype, _device);
            var grad = zeros_like(_theta);
            var scratch = empty_like(_theta);
            var (weights, biases) = Views(_theta, l);
            var (gradWeights, gradBiases) = Views(grad, l);
            var inputs = new Tensor[_layers.Length];
            for (int step = 0; step < maxSteps; step++)
            {
                using var stepScope = NewDisposeScope();
                var rowScale = scaleT[step];                                           // [L, W, 1]
                var yb = targetT[step];                                                // [L, W, 1]
                var logits = Forward(xFlat.index_select(0, indexT[step]).view(l, width, _f), weights, biases, inputs);
                var logProb = logits.log_softmax(-1);                                  // [L, W, Omax]
                // The member's mean cross-entropy over its batch, times its rows (as ImageHeadTrainer sums it).
                lossSum.sub_(logProb.gather(2, yb).mul_(rowScale).sum([1, 2]).mul_(countT[step]));

                // Backward, written out: δ = (softmax − onehot(y)) / rows on real rows, 0 on padding.
                var delta = logProb.exp().scatter_add_(2, yb, full_like(rowScale, -1)).mul_(rowScale);
                for (int k = _layers.Length - 1; k >= 0; k--)
                {
                    gradWeights[k].copy_(bmm(inputs[k].transpose(1, 2), delta));
                    gradBiases[k].copy_(delta.sum(1, keepdim: true));
                    if (k > 0) delta = bmm(delta, weights[k].transpose(1, 2)).mul_(inputs[k] > 0);
                }

                // AdamW (torch.optim.AdamW): decoupled decay of the weight matrices, then the bias-corrected Adam step.
                // A member without a batch at this step has a zero gradient and factors 1 (decay, β) and 0 (gains,
                // step size): its parameters and moments stay exactly as they are.
                // In place, with one scratch buffer and the gradient's own storage: fresh [L, P] temporaries at every
                // step cost more than the arithmetic on a CPU (the allocator hands large blocks back to the system).
                foreach (var w in weights) w.mul_(decayT[step]);
                _v.mul_(beta2T[step]).addcmul_(grad, scratch.copy_(grad).mul_(gain2T[step]), 1);
                _m.mul_(beta1T[step]).add_(grad.mul_(gain1T[step]));
                var denominator = scratch.copy_(_v).sqrt_().div_(correction2T[step]).add_(o.Epsilon);
                _theta.sub_(grad.copy_(_m).mul_(stepT[step]).div_(denominator));
            }
            losses = lossSum.to(ScalarType.Float64).cpu().data<double>().ToArray();
        }
        for (int i = 0; i < l; i++)
        {
            var s = _state[_live[i]];
            if (!s.Finished) s.TrainLoss.Add(losses[i] / s.Order.Length);
        }

        ScoreAndStop();
        if (Training > 0 && _live.Count(i => _state[i].Finished) * 4 >= _live.Length) Compact();
        return Training > 0;
    }

    /// <summary>Per-layer weight [L, in, out] and bias [L, 1, out] views of a stacked [L, P] tensor.</summary>
    private (Tensor[] Weights, Tensor[] Biases) Views(Tensor flat, int l)
    {
        var weights = new Tensor[_layers.Length];
        var biases = new Tensor[_layers.Length];
        for (int k = 0; k < _layers.Length; k++)
        {
            var (inputs, width, at) = _layers[k];
            weights[k] = flat.narrow(1, at, inputs * width).view(l, inputs, width);
            biases[k] = flat.narrow(1, at + inputs * width, width).view(l, 1, width);
        }
        return (weights, biases);
    }

    /// <summary>Logits [L, rows, Omax] (−∞ beyond each member's outputs); <paramref name="inputs"/> receives each layer's input.</summary>
    private Tensor Forward(Tensor x, Tensor[] weights, Tensor[] biases, Tensor[] inputs)
    {
        var h = x;
        for (int k = 0; k < _layers.Length; k++)
        {
            inputs[k] = h;
            h = bmm(h, weights[k]).add_(biases[k]);
            if (k < _layers.Length - 1) h = h.relu_();
        }
        return h.add_(_logitMask);
    }

    /// <summary>Validation of every member still training, best-epoch snapshots and the stopping rules.</summary>
    private void ScoreAndStop()
    {
        var o = _options;
        int l = _live.Length;
        double[]? scores = null;   // [2, L]: summed validation log-loss, correct rows
        if (_live.Any(i => !_state[i].Finished && _state[i].ValidationRows > 0))
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (weights, biases) = Views(_theta, l);
            var logits = Forward(_xValidation, weights, biases, new Tensor[_layers.Length]);   // [L, Vmax, Omax]
            var loss = logits.log_softmax(-1).gather(2, _yValidation.unsqueeze(-1)).squeeze(-1).neg_().mul_(_validationMask).sum(1);
            var correct = logits.argmax(-1).eq(_yValidation).to(_dtype).mul_(_validationMask).sum(1);
            scores = stack([loss, correct]).to(ScalarType.Float64).cpu().data<double>().ToArray();
        }

        var improved = new bool[l];
        for (int i = 0; i < l; i++)
        {
            var s = _state[_live[i]];
            if (s.Finished) continue;
            if (s.ValidationRows == 0)
            {
                s.BestEpoch = _epoch;
            }
            else
            {
                double loss = scores![i] / s.ValidationRows, accuracy = scores[l + i] / s.ValidationRows;
                s.ValidationAccuracy.Add(accuracy);
                s.ValidationLoss.Add(loss);
                bool better = o.Selection == ImageHeadSelection.Accuracy
                    ? accuracy > s.BestAccuracy || (accuracy == s.BestAccuracy && loss < s.BestLoss)
                    : loss < s.BestLoss;
                if (better)
                {
                    s.BestAccuracy = accuracy;
                    s.BestLoss = loss;
                    s.BestEpoch = _epoch;
                    s.SinceBest = 0;
                    s.HasSnapshot = improved[i] = true;
                }
                else if (o.Patience > 0 && ++s.SinceBest >= o.Patience)
                {
                    s.Finished = true;
                    s.StoppedEarly = _epoch < o.MaxEpochs;
                }
            }
            if (_epoch >= o.MaxEpochs) s.Finished = true;
        }
        if (improved.Any(b => b))
        {
            using var scope = NewDisposeScope();
            var mask = tensor(improved, [l, 1]).to(_device);
            _best.copy_(where(mask, _theta, _best));
        }
    }

    /// <summary>Keeps the stopped members' kept weights on the host and the others on the device.</summary>
    private void Compact()
    {
        var keep = new List<long>();
        for (int i = 0; i < _live.Length; i++)
        {
            var s = _state[_live[i]];
            if (s.Finished) s.Kept = Kept(i);
            else keep.Add(i);
        }
        using var scope = NewDisposeScope();
        var rows = tensor(keep.ToArray(), ScalarType.Int64).to(_device);
        Tensor[] old = [_xTrain, _xValidation, _yValidation, _validationMask, _logitMask, _theta, _m, _v, _best];
        var selected = old.Select(t => t.index_select(0, rows).MoveToOuterDisposeScope()).ToArray();
        foreach (var t in old) t.Dispose();
        (_xTrain, _xValidation, _yValidation, _validationMask) = (selected[0], selected[1], selected[2], selected[3]);
        (_logitMask, _theta, _m, _v, _best) = (selected[4], selected[5], selected[6], selected[7], selected[8]);
        _live = [.. keep.Select(i => _live[(int)i])];
    }

    /// <summary>The kept weights of stack row <paramref name="row"/>, in <see cref="ImageHeadTrainer.KeptParameters"/>'s layout.</summary>
    private float[][] Kept(int row)
    {
        int member = _live[row];
        float[] flat;
        using (NewDisposeScope())
        {
            var source = _state[member].HasSnapshot ? _best : _theta;
            flat = source[row].to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        }
        int outputs = _members[member].Outputs;
        var result = new List<float[]>();
        for (int k = 0; k < _layers.Length; k++)
        {
            var (inputs, width, at) = _layers[k];
            int own = k == _layers.Length - 1 ? outputs : width;
            var w = new float[inputs * own];
            for (int r = 0; r < inputs; r++) flat.AsSpan(at + r * width, own).CopyTo(w.AsSpan(r * own));
            result.Add(w);
            result.Add(flat.AsSpan(at + inputs * width, own).ToArray());
        }
        return [.. result];
    }

    /// <summary>
    /// Member <paramref name="member"/>'s kept weights (best epoch, or the last without validation rows) as float arrays:
    /// W row-major (in × out), b, per layer, with its own output count — the layout of <see cref="ImageHeadTrainer.KeptParameters"/>.
    /// </summary>
    public float[][] KeptParameters(int member) => _state[member].Kept ?? Kept(Array.IndexOf(_live, member));

    public void Dispose()
    {
        foreach (var t in new[] { _xTrain, _xValidation, _yValidation, _validationMask, _logitMask, _theta, _m, _v, _best })
            t.Dispose();
    }
}
