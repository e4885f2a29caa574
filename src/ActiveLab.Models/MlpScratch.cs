using System.Numerics;

namespace ActiveLab.Models;

/// <summary>
/// Work buffers of <see cref="MlpKernel{T}.BatchGradient"/> for batches of up to <see cref="Rows"/> rows of one
/// <see cref="MlpLayout"/> (one per training network or thread; never shared concurrently).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class MlpScratch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates buffers for batches of up to <paramref name="rows"/> rows.</summary>
    /// <param name="layout">The network layout.</param>
    /// <param name="rows">Maximum batch rows.</param>
    /// <param name="transposedWidth">0 for <see cref="MlpKernel{T}"/>; the vector width of
    /// <see cref="MlpWideKernel{T}"/>, which also keeps the batch with samples along the lanes (rows padded to it).</param>
    public MlpScratch(in MlpLayout layout, int rows, int transposedWidth = 0)
    {
        Rows = rows;
        TransposedWidth = transposedWidth;
        int padded = transposedWidth > 0 ? (rows + transposedWidth - 1) / transposedWidth * transposedWidth : rows;
        Inputs = new T[rows * layout.InputsPadded];
        Hidden = new T[rows * layout.HiddenPadded];
        HiddenDelta = new T[rows * layout.HiddenPadded];
        OutputDelta = new T[padded * layout.OutputsPadded];
        if (transposedWidth > 0)
        {
            InputsT = new T[layout.InputsPadded * padded];
            HiddenT = new T[layout.Hidden * padded];
            Labels = new int[padded];
        }
    }

    /// <summary>The transposed buffers' row padding (0: none).</summary>
    public int TransposedWidth { get; }

    /// <summary>Maximum batch rows.</summary>
    public int Rows { get; }

    /// <summary>The batch's input rows, B × Fp.</summary>
    public T[] Inputs { get; }

    /// <summary>Hidden activations H, B × Hp.</summary>
    public T[] Hidden { get; }

    /// <summary>Back-propagated hidden deltas D1, B × Hp.</summary>
    public T[] HiddenDelta { get; }

    /// <summary>Output logits, then probabilities, then output deltas δ, B × Kp (Kp × B' for the wide kernel).</summary>
    public T[] OutputDelta { get; }

    /// <summary>Wide kernel only: the batch's inputs with samples along the lanes, Fp × B' (B' = B padded).</summary>
    public T[]? InputsT { get; }

    /// <summary>Wide kernel only: hidden activations with samples along the lanes, H × B'.</summary>
    public T[]? HiddenT { get; }

    /// <summary>Wide kernel only: the batch's labels, −1 past the batch (B').</summary>
    public int[]? Labels { get; }
}
