namespace ActiveLab.Models;

/// <summary>
/// Where each parameter block of a one-hidden-layer network lives in its flat parameter array (the same layout is
/// used for gradients and Adam moments, so the optimizer is one loop over the whole array, and several networks of
/// one layout can be stacked end to end in a larger array and trained as slices).
/// <para>
/// Blocks, in order: W1 (Fp × Hp, row f holds the weights from input f to every hidden unit), b1 (Hp),
/// W2ᵀ (Kp × Hp, row k holds the weights from every hidden unit to output k), b2 (Kp). Hp is the hidden width rounded
/// up to the SIMD width, Fp and Kp the input and output counts rounded up to 4 (the kernel works in groups of four
/// inputs / outputs held in registers); padding entries are zero and stay zero through training (their gradients are
/// exactly zero), so they change neither outputs nor the L2 penalty.
/// </para>
/// </summary>
/// <param name="Inputs">F, the number of features.</param>
/// <param name="InputsPadded">Fp ≥ F, a multiple of 4.</param>
/// <param name="Hidden">H, hidden units.</param>
/// <param name="HiddenPadded">Hp ≥ H, a multiple of the SIMD width.</param>
/// <param name="Outputs">Output units: K for softmax, 1 for a binary (logistic) network.</param>
/// <param name="OutputsPadded">Kp ≥ Outputs, a multiple of 4.</param>
internal readonly record struct MlpLayout(int Inputs, int InputsPadded, int Hidden, int HiddenPadded, int Outputs, int OutputsPadded)
{
    /// <summary>Offset of W1.</summary>
    public int W1 => 0;

    /// <summary>Offset of b1.</summary>
    public int B1 => InputsPadded * HiddenPadded;

    /// <summary>Offset of W2ᵀ.</summary>
    public int W2 => B1 + HiddenPadded;

    /// <summary>Offset of b2.</summary>
    public int B2 => W2 + OutputsPadded * HiddenPadded;

    /// <summary>Total length of the parameter array.</summary>
    public int Length => B2 + OutputsPadded;

    /// <summary>The layout for the given sizes with hidden padding to a multiple of <paramref name="vectorWidth"/>.</summary>
    public static MlpLayout Create(int inputs, int hidden, int outputs, int vectorWidth) =>
        new(inputs, (inputs + 3) / 4 * 4, hidden, (hidden + vectorWidth - 1) / vectorWidth * vectorWidth, outputs, (outputs + 3) / 4 * 4);
}
