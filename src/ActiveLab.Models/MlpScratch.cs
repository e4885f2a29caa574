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
    public MlpScratch(in MlpLayout layout, int rows)
    {
        Rows = rows;
        Inputs = new T[rows * layout.InputsPadded];
        Hidden = new T[rows * layout.HiddenPadded];
        HiddenDelta = new T[rows * layout.HiddenPadded];
        OutputDelta = new T[rows * layout.OutputsPadded];
    }

    /// <summary>Maximum batch rows.</summary>
    public int Rows { get; }

    /// <summary>The batch's input rows, B × Fp.</summary>
    public T[] Inputs { get; }

    /// <summary>Hidden activations H, B × Hp.</summary>
    public T[] Hidden { get; }

    /// <summary>Back-propagated hidden deltas D1, B × Hp.</summary>
    public T[] HiddenDelta { get; }

    /// <summary>Output logits, then probabilities, then output deltas δ, B × Kp.</summary>
    public T[] OutputDelta { get; }
}
