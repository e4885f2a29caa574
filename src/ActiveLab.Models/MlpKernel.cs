using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActiveLab.Models;

/// <summary>
/// The hand-vectorised CPU kernel of the one-hidden-layer ReLU network (sklearn <c>MLPClassifier</c> maths), generic
/// over float / double. Stateless: every function works on caller-owned spans laid out by <see cref="MlpLayout"/>,
/// so one network's state can be a slice of arrays holding many networks, and nothing here allocates.
/// <para>
/// The batch gradient is computed as small matrix products whose loops keep four weight rows and their gradient
/// accumulators in SIMD registers (<see cref="BatchGradient"/>); <see cref="ForwardRow"/> serves prediction.
/// Several networks could be trained together by giving each its slice of larger arrays (the CPU gains nothing from
/// interleaving them; a GPU port would batch them along a leading network axis).
/// </para>
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal static class MlpKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Machine epsilon of T (numpy's finfo(dtype).eps), the clip of probabilities in the log-loss.</summary>
    public static readonly T MachineEpsilon = T.BitIncrement(T.One) - T.One;

    /// <summary>
    /// Output deltas smaller in magnitude than this (√ of the smallest normal number: 2⁻⁶³ for float, 2⁻⁵¹¹ for double)
    /// are set to zero before back-propagation. Their effect on any gradient is far below T's precision, but products
    /// with them become subnormal numbers, which the CPU handles tens of times slower (a float network on raw Wall Robot
    /// features produces softmax outputs around 1e-40 late in training).
    /// </summary>
    public static readonly T DeltaFlushThreshold = T.ScaleB(T.One, typeof(T) == typeof(float) ? -63 : -511);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma(Vector<T> a, Vector<T> b, Vector<T> c)
    {
        if (typeof(T) == typeof(double))
            return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        return a * b + c;
    }

    /// <summary>
    /// Forward pass of one row up to the output logits.
    /// </summary>
    /// <param name="layout">The network layout.</param>
    /// <param name="parameters">The network's parameters (layout.Length).</param>
    /// <param name="x">The input row (F values).</param>
    /// <param name="hidden">Receives the hidden activations relu(W1ᵀx + b1) (Hp values).</param>
    /// <param name="logits">Receives W2 h + b2 (Kp values; entries past Outputs are padding).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardRow(in MlpLayout layout, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, Span<T> hidden, Span<T> logits)
    {
        int hp = layout.HiddenPadded, inputs = layout.Inputs;
        int w = Vector<T>.Count;
        if (parameters.Length < layout.Length || x.Length < inputs || hidden.Length < hp || logits.Length < layout.OutputsPadded)
            throw new ArgumentException("span shorter than the layout requires");
        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T h = ref MemoryMarshal.GetReference(hidden);
        ref T xr = ref MemoryMarshal.GetReference(x);
        nuint b1 = (nuint)layout.B1;
        for (nuint c = 0; c < (nuint)hp; c += (nuint)w)
        {
            var acc = Vector.LoadUnsafe(ref p, b1 + c);
            nuint row = c;
            for (int f = 0; f < inputs; f++, row += (nuint)hp)
                acc = Fma(new Vector<T>(Unsafe.Add(ref xr, f)), Vector.LoadUnsafe(ref p, row), acc);
            Vector.Max(acc, Vector<T>.Zero).StoreUnsafe(ref h, c);
        }

        OutputLogits(layout, ref p, ref h, logits);
    }

    /// <summary>
    /// Output activation in place: softmax over the first <paramref name="outputs"/> logits (max-shifted, as sklearn),
    /// or the logistic function when <paramref name="outputs"/> = 1 (binary network; the value is P(second class)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Activate(Span<T> logits, int outputs)
    {
        if (outputs == 1)
        {
            logits[0] = T.One / (T.One + T.Exp(-logits[0]));
            return;
        }
        T max = logits[0];
        for (int k = 1; k < outputs; k++) if (logits[k] > max) max = logits[k];
        T sum = T.Zero;
        for (int k = 0; k < outputs; k++)
        {
            T e = T.Exp(logits[k] - max);
            logits[k] = e;
            sum += e;
        }
        for (int k = 0; k < outputs; k++) logits[k] /= sum;
    }

    /// <summary>
    /// Gradient of one mini-batch: overwrites <paramref name="gradients"/> with ∂loss/∂θ and returns the loss
    /// (sklearn <c>_backprop</c>): mean log-loss over the batch (probabilities clipped to [eps, 1−eps]) plus
    /// 0.5·α·Σ‖W‖²/batch_n; weight gradients (Σ δ·a + α·W)/batch_n, bias gradients mean δ.
    /// <para>
    /// Three passes over the batch, the two matrix-shaped ones hidden-chunk-outer / sample-inner so that a chunk of
    /// four weight rows and four gradient accumulators stay in registers: (1) H = relu(X·W1 + b1); (2) per sample the
    /// output logits, the output activation, the loss and δ = p − onehot(y); (3) ∇W2 = δᵀH and D1 = (δ·W2ᵀ) ⊙ [H &gt; 0],
    /// then ∇W1 = XᵀD1 and ∇b1 = Σ D1. Output deltas below <see cref="DeltaFlushThreshold"/> are flushed to zero.
    /// </para>
    /// </summary>
    /// <param name="layout">The network layout.</param>
    /// <param name="parameters">θ (layout.Length).</param>
    /// <param name="gradients">Receives ∂loss/∂θ (layout.Length).</param>
    /// <param name="x">All training rows, n × Fp row-major (zero-padded to Fp columns).</param>
    /// <param name="y">Training labels 0..Outputs−1 (0/1 for a binary network), length n.</param>
    /// <param name="batch">Indices of the batch rows into x / y (B of them).</param>
    /// <param name="alpha">L2 penalty α.</param>
    /// <param name="scratch">Work buffers for at least B rows.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double BatchGradient(in MlpLayout layout, ReadOnlySpan<T> parameters, Span<T> gradients,
        ReadOnlySpan<T> x, ReadOnlySpan<int> y, ReadOnlySpan<int> batch, T alpha, MlpScratch<T> scratch)
    {
        int nb = batch.Length, hp = layout.HiddenPadded, fp = layout.InputsPadded, kp = layout.OutputsPadded;
        int nOut = layout.Outputs;
        int w = Vector<T>.Count;
        if (parameters.Length < layout.Length || gradients.Length < layout.Length)
            throw new ArgumentException("parameter or gradient span shorter than the layout");
        if (nb == 0 || nb > scratch.Rows) throw new ArgumentException($"batch of {nb} rows, scratch holds {scratch.Rows}", nameof(batch));
        var xbSpan = scratch.Inputs.AsSpan(0, nb * fp);
        for (int i = 0; i < nb; i++) x.Slice(batch[i] * fp, fp).CopyTo(xbSpan.Slice(i * fp, fp));
        gradients.Slice(0, layout.Length).Clear();

        ref T p = ref MemoryMarshal.GetReference(parameters);
        ref T g = ref MemoryMarshal.GetReference(gradients);
        ref T xb = ref MemoryMarshal.GetArrayDataReference(scratch.Inputs);
        ref T h = ref MemoryMarshal.GetArrayDataReference(scratch.Hidden);
        ref T d1 = ref MemoryMarshal.GetArrayDataReference(scratch.HiddenDelta);
        ref T dl = ref MemoryMarshal.GetArrayDataReference(scratch.OutputDelta);
        nuint uhp = (nuint)hp, ufp = (nuint)fp, ukp = (nuint)kp;

        // Pass 1: H = relu(X W1 + b1), four inputs at a time.
        for (nuint c = 0; c < uhp; c += (nuint)w)
        {
            var bias = Vector.LoadUnsafe(ref p, (nuint)layout.B1 + c);
            for (int fg = 0; fg < fp; fg += 4)
            {
                nuint wr = (nuint)fg * uhp + c;
                var w0 = Vector.LoadUnsafe(ref p, wr);
                var w1 = Vector.LoadUnsafe(ref p, wr + uhp);
                var w2 = Vector.LoadUnsafe(ref p, wr + 2 * uhp);
                var w3 = Vector.LoadUnsafe(ref p, wr + 3 * uhp);
                bool first = fg == 0, last = fg + 4 == fp;
                nuint xo = (nuint)fg, ho = c;
                for (int s = 0; s < nb; s++, xo += ufp, ho += uhp)
                {
                    var acc = first ? bias : Vector.LoadUnsafe(ref h, ho);
                    acc = Fma(new Vector<T>(Unsafe.Add(ref xb, xo)), w0, acc);
                    acc = Fma(new Vector<T>(Unsafe.Add(ref xb, xo + 1)), w1, acc);
                    acc = Fma(new Vector<T>(Unsafe.Add(ref xb, xo + 2)), w2, acc);
                    acc = Fma(new Vector<T>(Unsafe.Add(ref xb, xo + 3)), w3, acc);
                    if (last) acc = Vector.Max(acc, Vector<T>.Zero);
                    acc.StoreUnsafe(ref h, ho);
                }
            }
        }

        // Pass 2: logits, activation, loss and output δ, one sample at a time.
        T eps = MachineEpsilon, oneMinusEps = T.One - MachineEpsilon;
        var deltaSpan = scratch.OutputDelta.AsSpan(0, nb * kp);
        double lossSum = 0;
        for (int s = 0; s < nb; s++)
        {
            ref T hrow = ref Unsafe.Add(ref h, (nuint)s * uhp);
            var z = deltaSpan.Slice(s * kp, kp);
            OutputLogits(layout, ref p, ref hrow, z);
            Activate(z, nOut);
            int label = y[batch[s]];
            if (nOut == 1)
            {
                T prob = z[0];
                T clipped = T.Clamp(prob, eps, oneMinusEps);
                lossSum -= double.CreateTruncating(label == 1 ? T.Log(clipped) : T.Log(T.One - clipped));
                z[0] = prob - (label == 1 ? T.One : T.Zero);
            }
            else
            {
                lossSum -= double.CreateTruncating(T.Log(T.Clamp(z[label], eps, oneMinusEps)));
                z[label] -= T.One;
            }
            z.Slice(nOut).Clear();
            for (int k = 0; k < nOut; k++)
            {
                if (T.Abs(z[k]) < DeltaFlushThreshold) z[k] = T.Zero;
                gradients[layout.B2 + k] += z[k];
            }
        }

        // Pass 3: ∇W2ᵀ = δᵀH and D1 = (δ W2ᵀ) ⊙ [H > 0], four outputs at a time; then ∇W1 = XᵀD1, ∇b1 = Σ D1.
        for (nuint c = 0; c < uhp; c += (nuint)w)
        {
            for (int kg = 0; kg < kp; kg += 4)
            {
                nuint wr = (nuint)layout.W2 + (nuint)kg * uhp + c;
                var w0 = Vector.LoadUnsafe(ref p, wr);
                var w1 = Vector.LoadUnsafe(ref p, wr + uhp);
                var w2 = Vector.LoadUnsafe(ref p, wr + 2 * uhp);
                var w3 = Vector.LoadUnsafe(ref p, wr + 3 * uhp);
                Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, a2 = Vector<T>.Zero, a3 = Vector<T>.Zero;
                bool first = kg == 0, last = kg + 4 == kp;
                nuint zo = (nuint)kg, ho = c;
                for (int s = 0; s < nb; s++, zo += ukp, ho += uhp)
                {
                    var hv = Vector.LoadUnsafe(ref h, ho);
                    var e0 = new Vector<T>(Unsafe.Add(ref dl, zo));
                    var e1 = new Vector<T>(Unsafe.Add(ref dl, zo + 1));
                    var e2 = new Vector<T>(Unsafe.Add(ref dl, zo + 2));
                    var e3 = new Vector<T>(Unsafe.Add(ref dl, zo + 3));
                    a0 = Fma(e0, hv, a0);
                    a1 = Fma(e1, hv, a1);
                    a2 = Fma(e2, hv, a2);
                    a3 = Fma(e3, hv, a3);
                    var d = first ? Vector<T>.Zero : Vector.LoadUnsafe(ref d1, ho);
                    d = Fma(e0, w0, d);
                    d = Fma(e1, w1, d);
                    d = Fma(e2, w2, d);
                    d = Fma(e3, w3, d);
                    // ReLU derivative: zero where the activation is zero (sklearn inplace_relu_derivative).
                    if (last) d = Vector.ConditionalSelect(Vector.GreaterThan(hv, Vector<T>.Zero), d, Vector<T>.Zero);
                    d.StoreUnsafe(ref d1, ho);
                }
                nuint gr = (nuint)layout.W2 + (nuint)kg * uhp + c;
                a0.StoreUnsafe(ref g, gr);
                a1.StoreUnsafe(ref g, gr + uhp);
                a2.StoreUnsafe(ref g, gr + 2 * uhp);
                a3.StoreUnsafe(ref g, gr + 3 * uhp);
            }

            for (int fg = 0; fg < fp; fg += 4)
            {
                Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, a2 = Vector<T>.Zero, a3 = Vector<T>.Zero, bsum = Vector<T>.Zero;
                nuint xo = (nuint)fg, ho = c;
                for (int s = 0; s < nb; s++, xo += ufp, ho += uhp)
                {
                    var d = Vector.LoadUnsafe(ref d1, ho);
                    a0 = Fma(new Vector<T>(Unsafe.Add(ref xb, xo)), d, a0);
                    a1 = Fma(new Vector<T>(Unsafe.Add(ref xb, xo + 1)), d, a1);
                    a2 = Fma(new Vector<T>(Unsafe.Add(ref xb, xo + 2)), d, a2);
                    a3 = Fma(new Vector<T>(Unsafe.Add(ref xb, xo + 3)), d, a3);
                    bsum += d;
                }
                nuint gr = (nuint)fg * uhp + c;
                a0.StoreUnsafe(ref g, gr);
                a1.StoreUnsafe(ref g, gr + uhp);
                a2.StoreUnsafe(ref g, gr + 2 * uhp);
                a3.StoreUnsafe(ref g, gr + 3 * uhp);
                if (fg == 0) bsum.StoreUnsafe(ref g, (nuint)layout.B1 + c);
            }
        }

        T inv = T.One / T.CreateChecked(nb);
        double squares = FinishWeights(parameters, gradients, 0, layout.B1, alpha, inv)
                       + FinishWeights(parameters, gradients, layout.W2, layout.B2 - layout.W2, alpha, inv);
        Scale(gradients.Slice(layout.B1, layout.HiddenPadded), inv);
        Scale(gradients.Slice(layout.B2, layout.OutputsPadded), inv);
        return lossSum / nb + 0.5 * double.CreateTruncating(alpha) * squares / nb;
    }

    /// <summary>Output logits z = W2 h + b2 of one hidden row (Kp values), four outputs at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputLogits(in MlpLayout layout, ref T p, ref T h, Span<T> logits)
    {
        nuint hp = (nuint)layout.HiddenPadded;
        int w = Vector<T>.Count;
        for (int k0 = 0; k0 < layout.OutputsPadded; k0 += 4)
        {
            nuint w0 = (nuint)layout.W2 + (nuint)k0 * hp, w1 = w0 + hp, w2 = w1 + hp, w3 = w2 + hp;
            Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, a2 = Vector<T>.Zero, a3 = Vector<T>.Zero;
            for (nuint c = 0; c < hp; c += (nuint)w)
            {
                var hv = Vector.LoadUnsafe(ref h, c);
                a0 = Fma(hv, Vector.LoadUnsafe(ref p, w0 + c), a0);
                a1 = Fma(hv, Vector.LoadUnsafe(ref p, w1 + c), a1);
                a2 = Fma(hv, Vector.LoadUnsafe(ref p, w2 + c), a2);
                a3 = Fma(hv, Vector.LoadUnsafe(ref p, w3 + c), a3);
            }
            nuint b2 = (nuint)layout.B2 + (nuint)k0;
            logits[k0] = Unsafe.Add(ref p, b2) + Vector.Sum(a0);
            logits[k0 + 1] = Unsafe.Add(ref p, b2 + 1) + Vector.Sum(a1);
            logits[k0 + 2] = Unsafe.Add(ref p, b2 + 2) + Vector.Sum(a2);
            logits[k0 + 3] = Unsafe.Add(ref p, b2 + 3) + Vector.Sum(a3);
        }
    }

    /// <summary>g ← (g + α·θ)·inv over one weight block; returns Σθ² of the block (for the L2 term of the loss).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double FinishWeights(ReadOnlySpan<T> parameters, Span<T> gradients, int offset, int length, T alpha, T inv)
    {
        var ps = parameters.Slice(offset, length);
        var gs = gradients.Slice(offset, length);
        int w = Vector<T>.Count;
        var va = new Vector<T>(alpha);
        var vi = new Vector<T>(inv);
        var sq = Vector<T>.Zero;
        int i = 0;
        for (; i <= length - w; i += w)
        {
            var pv = new Vector<T>(ps.Slice(i, w));
            sq = Fma(pv, pv, sq);
            (Fma(va, pv, new Vector<T>(gs.Slice(i, w))) * vi).CopyTo(gs.Slice(i, w));
        }
        double squares = double.CreateTruncating(Vector.Sum(sq));
        for (; i < length; i++)
        {
            squares += double.CreateTruncating(ps[i] * ps[i]);
            gs[i] = (gs[i] + alpha * ps[i]) * inv;
        }
        return squares;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Scale(Span<T> values, T factor)
    {
        for (int i = 0; i < values.Length; i++) values[i] *= factor;
    }

    /// <summary>
    /// Gradients below this magnitude (2⁻⁴⁵ ≈ 2.8e-14 for float, 2⁻⁴⁴⁵ for double) are treated as zero by
    /// <see cref="AdamStep"/>, and Adam moments below <see cref="MomentFlushThreshold"/> are set to zero. With ε = 1e-8
    /// dominating √v for such gradients, the parameter moves by about lr·g/ε ≈ 1e-9 per step, so flushing changes
    /// nothing measurable; without it, g², and moments decaying geometrically, become subnormal numbers and a float
    /// network slows down several-fold late in training.
    /// </summary>
    public static readonly T GradientFlushThreshold = T.ScaleB(T.One, typeof(T) == typeof(float) ? -45 : -445);

    /// <summary>Adam moments below this (2⁻¹⁰⁰ for float, 2⁻⁹⁰⁰ for double) are set to zero; see
    /// <see cref="GradientFlushThreshold"/>.</summary>
    public static readonly T MomentFlushThreshold = T.ScaleB(T.One, typeof(T) == typeof(float) ? -100 : -900);

    /// <summary>
    /// One Adam update (sklearn <c>AdamOptimizer</c>): m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
    /// θ ← θ − lr_t·m / (√v + ε), where the caller passes lr_t = lr·√(1−β2^t)/(1−β1^t) for step t ≥ 1.
    /// All four spans have the same length. Tiny gradients and moments are flushed to zero (see
    /// <see cref="GradientFlushThreshold"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AdamStep(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> m, Span<T> v,
        T beta1, T beta2, T stepSize, T epsilon)
    {
        int n = parameters.Length;
        if (gradients.Length != n || m.Length != n || v.Length != n) throw new ArgumentException("span lengths differ");
        ref T pr = ref MemoryMarshal.GetReference(parameters);
        ref T gr = ref MemoryMarshal.GetReference(gradients);
        ref T mr = ref MemoryMarshal.GetReference(m);
        ref T vr = ref MemoryMarshal.GetReference(v);
        T c1 = T.One - beta1, c2 = T.One - beta2;
        T gFlush = GradientFlushThreshold, mFlush = MomentFlushThreshold;
        var vb1 = new Vector<T>(beta1);
        var vb2 = new Vector<T>(beta2);
        var vc1 = new Vector<T>(c1);
        var vc2 = new Vector<T>(c2);
        var vlr = new Vector<T>(stepSize);
        var veps = new Vector<T>(epsilon);
        var vgFlush = new Vector<T>(gFlush);
        var vmFlush = new Vector<T>(mFlush);
        int w = Vector<T>.Count;
        nuint i = 0;
        for (; (int)i <= n - w; i += (nuint)w)
        {
            var gv = Vector.LoadUnsafe(ref gr, i);
            gv = Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(gv), vgFlush), Vector<T>.Zero, gv);
            var mv = vb1 * Vector.LoadUnsafe(ref mr, i) + vc1 * gv;
            mv = Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(mv), vmFlush), Vector<T>.Zero, mv);
            var vv = vb2 * Vector.LoadUnsafe(ref vr, i) + vc2 * (gv * gv);
            vv = Vector.ConditionalSelect(Vector.LessThan(vv, vmFlush), Vector<T>.Zero, vv);
            mv.StoreUnsafe(ref mr, i);
            vv.StoreUnsafe(ref vr, i);
            (Vector.LoadUnsafe(ref pr, i) - vlr * mv / (Vector.SquareRoot(vv) + veps)).StoreUnsafe(ref pr, i);
        }
        for (int j = (int)i; j < n; j++)
        {
            T gj = gradients[j];
            if (T.Abs(gj) < gFlush) gj = T.Zero;
            T mj = beta1 * m[j] + c1 * gj;
            T vj = beta2 * v[j] + c2 * (gj * gj);
            m[j] = T.Abs(mj) < mFlush ? T.Zero : mj;
            v[j] = vj < mFlush ? T.Zero : vj;
            parameters[j] -= stepSize * m[j] / (T.Sqrt(v[j]) + epsilon);
        }
    }
}
