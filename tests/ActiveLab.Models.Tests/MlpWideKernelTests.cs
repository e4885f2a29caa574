using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.Tests;

/// <summary>
/// The 512-bit kernel against the portable one: same gradient and loss up to rounding, for the fused small-network
/// path (at most four inputs and outputs) and the general one, softmax and binary networks, batches that fill the
/// sample blocks and batches that do not; and whole training runs that agree.
/// </summary>
public class MlpWideKernelTests
{
    private static void RequireAvx512() =>
        Skip.IfNot(MlpWideKernel<double>.IsSupported, "this CPU does not execute 512-bit vectors natively (the trainer uses the portable kernel)");

    /// <summary>The same network (parameters drawn per real weight) in a layout with the given hidden padding.</summary>
    private static double[] Parameters(MlpLayout layout, ulong seed)
    {
        var rng = new Rng(seed);
        var theta = new double[layout.Length];
        for (int f = 0; f < layout.Inputs; f++)
            for (int j = 0; j < layout.Hidden; j++) theta[layout.W1 + f * layout.HiddenPadded + j] = rng.NextDouble() * 2 - 1;
        for (int j = 0; j < layout.Hidden; j++) theta[layout.B1 + j] = rng.NextDouble() * 2 - 1;
        for (int k = 0; k < layout.Outputs; k++)
        {
            for (int j = 0; j < layout.Hidden; j++) theta[layout.W2 + k * layout.HiddenPadded + j] = rng.NextDouble() * 2 - 1;
            theta[layout.B2 + k] = rng.NextDouble() * 2 - 1;
        }
        return theta;
    }

    /// <summary>Every real (non-padding) entry, in a layout-independent order.</summary>
    private static List<double> Real(MlpLayout l, double[] values)
    {
        var list = new List<double>();
        for (int f = 0; f < l.Inputs; f++)
            for (int j = 0; j < l.Hidden; j++) list.Add(values[l.W1 + f * l.HiddenPadded + j]);
        for (int j = 0; j < l.Hidden; j++) list.Add(values[l.B1 + j]);
        for (int k = 0; k < l.Outputs; k++)
            for (int j = 0; j < l.Hidden; j++) list.Add(values[l.W2 + k * l.HiddenPadded + j]);
        for (int k = 0; k < l.Outputs; k++) list.Add(values[l.B2 + k]);
        return list;
    }

    [SkippableTheory]
    [InlineData(4, 100, 4, 200)]   // Wall Robot's network and batch: the fused path
    [InlineData(4, 100, 4, 37)]    // fused path, a batch that fills no sample block
    [InlineData(3, 5, 3, 9)]       // fused path, padded inputs and outputs
    [InlineData(3, 5, 1, 9)]       // binary network
    [InlineData(7, 20, 10, 50)]    // general path: two input groups, three output groups
    [InlineData(6, 33, 5, 200)]    // general path, hidden width not a multiple of the vector width
    public void Gradient_and_loss_equal_the_portable_kernels(int features, int hidden, int outputs, int batchRows)
    {
        RequireAvx512();
        var portable = MlpLayout.Create(features, hidden, outputs, System.Numerics.Vector<double>.Count);
        var wide = MlpLayout.Create(features, hidden, outputs, MlpWideKernel<double>.Width);
        ulong seed = (ulong)(features * 1000 + hidden * 10 + outputs);
        var rng = new Rng(seed + 1);
        int rows = batchRows + 11;
        var x = new double[rows * portable.InputsPadded];
        for (int i = 0; i < rows; i++)
            for (int f = 0; f < features; f++) x[i * portable.InputsPadded + f] = TestData.Gaussian(rng) * 3;
        var y = new int[rows];
        for (int i = 0; i < rows; i++) y[i] = rng.NextInt(outputs == 1 ? 2 : outputs);
        var batch = Enumerable.Range(0, rows).Reverse().Take(batchRows).ToArray();

        var thetaP = Parameters(portable, seed);
        var thetaW = Parameters(wide, seed);
        var gradP = new double[portable.Length];
        var gradW = new double[wide.Length];
        double lossP = MlpKernel<double>.BatchGradient(portable, thetaP, gradP, x, y, batch, 1e-2, new MlpScratch<double>(portable, batchRows));
        double lossW = MlpWideKernel<double>.BatchGradient(wide, thetaW, gradW, x, y, batch, 1e-2,
            new MlpScratch<double>(wide, batchRows, MlpWideKernel<double>.BlockWidth));

        Assert.Equal(lossP, lossW, 1e-12 * Math.Abs(lossP));
        var expected = Real(portable, gradP);
        var actual = Real(wide, gradW);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-13 + 1e-11 * Math.Abs(expected[i]),
                $"entry {i}: portable {expected[i]:R}, wide {actual[i]:R}");
        // Padding stays exactly zero, so it never moves under Adam.
        var realIndices = new HashSet<int>();
        for (int i = 0; i < wide.Length; i++)
            if (!IsPadding(wide, i)) realIndices.Add(i);
        for (int i = 0; i < wide.Length; i++)
            if (!realIndices.Contains(i)) Assert.Equal(0.0, gradW[i]);
    }

    private static bool IsPadding(MlpLayout l, int index)
    {
        if (index < l.B1) return index / l.HiddenPadded >= l.Inputs || index % l.HiddenPadded >= l.Hidden;
        if (index < l.W2) return index - l.B1 >= l.Hidden;
        if (index < l.B2) return (index - l.W2) / l.HiddenPadded >= l.Outputs || (index - l.W2) % l.HiddenPadded >= l.Hidden;
        return index - l.B2 >= l.Outputs;
    }

    [SkippableTheory]
    [InlineData(MlpPrecision.Float64, 1e-9)]
    [InlineData(MlpPrecision.Float32, 2e-3)]
    public void A_network_trained_with_either_kernel_predicts_the_same(MlpPrecision precision, double tolerance)
    {
        RequireAvx512();
        var (x, y) = TestData.Blobs(400, 3, 4, seed: 11, spread: 1.0);
        var options = new MlpOptions { MaxEpochs = 30, Precision = precision };
        var wide = (MlpModel)new MlpClassifierFactory(options).Fit(x, y, 4, new Rng(5));
        var portable = (MlpModel)new MlpClassifierFactory(options with { PortableKernel = true }).Fit(x, y, 4, new Rng(5));
        Assert.Equal(portable.LossCurve.Count, wide.LossCurve.Count);
        for (int e = 0; e < wide.LossCurve.Count; e++)
            Assert.True(Math.Abs(portable.LossCurve[e] - wide.LossCurve[e]) <= tolerance * portable.LossCurve[e], $"epoch {e}");
        ProbabilityAssert.Equal(portable.PredictProba(x), wide.PredictProba(x), tolerance);
    }
}
