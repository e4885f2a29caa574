using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.Tests;

/// <summary>
/// Reproduces sklearn runs exactly. The reference numbers were produced once with scikit-learn 1.2.1 (numpy 1.24):
/// <c>MLPClassifier(max_iter=30, shuffle=False, warm_start=True, tol=0, n_iter_no_change=100000)</c> with
/// coefs_/intercepts_ set to the weights below (and the private counters _initialize would set) before <c>fit</c>.
/// sklearn 1.0.2's MLP code path (Adam, _backprop, loss, stopping) is the same. Same initial weights and batch order
/// leave only floating-point summation order as a difference, so float64 must agree to ~1e-12. (The inputs and
/// weights avoid exact cancellations: a hidden pre-activation of exactly ±0 would let rounding decide the ReLU mask.)
/// </summary>
public class MlpSklearnReferenceTests
{
    private static (Matrix X, int[] Y, double[,] W1, double[] B1, double[,] W2, double[] B2) Problem(int n, int f, int k, int h)
    {
        var x = new Matrix(n, f);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < f; j++) x[i, j] = ((i * 7 + j * 13) % 17) / 4.1 + 0.37 * j + 0.001 * i;
        var y = new int[n];
        for (int i = 0; i < n; i++) y[i] = (int)(x[i, 0] + x[i, 1]) % k;
        int outputs = k == 2 ? 1 : k;
        var w1 = new double[f, h];
        for (int a = 0; a < f; a++)
            for (int j = 0; j < h; j++) w1[a, j] = ((a * 31 + j * 17) % 23 - 11.13) / 60.0;
        var b1 = new double[h];
        for (int j = 0; j < h; j++) b1[j] = ((j * 5) % 7 - 3.3) / 40.0;
        var w2 = new double[h, outputs];
        for (int j = 0; j < h; j++)
            for (int c = 0; c < outputs; c++) w2[j, c] = ((j * 11 + c * 29) % 19 - 9) / 50.0;
        var b2 = new double[outputs];
        for (int c = 0; c < outputs; c++) b2[c] = (c - 1) / 20.0;
        return (x, y, w1, b1, w2, b2);
    }

    private static MlpModel Train<T>(int n, int f, int k, double[] expectedCurve, out Matrix x)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (px, y, w1, b1, w2, b2) = Problem(n, f, k, 100);
        x = px;
        var options = new MlpOptions { Shuffle = false, MaxEpochs = expectedCurve.Length, Tolerance = 0, NoImprovementEpochs = 100000 };
        var trainer = new MlpTrainer<T>(px.Data, f, y, k == 2 ? 1 : k, options, new Rng(0));
        trainer.SetParameters(w1, b1, w2, b2);
        trainer.Train();
        return trainer.ToModel([.. Enumerable.Range(0, k)], k);
    }

    // n = 250 (batches 200 + 50), 3 features, 3 classes (softmax).
    private static readonly double[] SoftmaxCurve =
    [
        1.115450229260656, 1.1004080932049403, 1.089974967536627, 1.0825784556970302, 1.076987238122592,
        1.0723215859806619, 1.0683757223847379, 1.0651076582912125, 1.0624734159205507, 1.060378599535812,
        1.0586265534094228, 1.0570854724425822, 1.0555797522405734, 1.0540630882705295, 1.052608687981225,
        1.0512437258796767, 1.049904263367555, 1.0486008673384948, 1.0473656470542552, 1.0462185296801811,
        1.0450891186567732, 1.0439166749796196, 1.0427897398231456, 1.0417238851101516, 1.0406650823831631,
        1.0396076311428755, 1.0385764767316845, 1.0375993862397888, 1.0366754881236293, 1.0357903887236741,
    ];

    private static readonly double[] SoftmaxProbaFirstTwoRows =
        [0.18409887071280098, 0.5231569429935287, 0.2927441862936704, 0.22442483453817808, 0.26999290933663744, 0.5055822561251845];

    // n = 230 (batches 200 + 30), 2 features, 2 classes (one logistic output).
    private static readonly double[] BinaryCurve =
    [
        0.693677431983964, 0.692804520199683, 0.6922673965184541, 0.6919666678250405, 0.691811175558933,
        0.6918444698573779, 0.6919749385799202, 0.6921182052468176, 0.692233634049501, 0.6922741838026099,
        0.6923146899169319, 0.69231494792696, 0.6922852837029042, 0.6922208849971754, 0.6921672511047732,
        0.6920892871315031, 0.6919906432222037, 0.6919001839841048, 0.6918000064243852, 0.691670401997988,
        0.6915422417318133, 0.6914424104849353, 0.6913620695562778, 0.6912986443210613, 0.6912436201343345,
        0.691180447235196, 0.6911019766119354, 0.6910080456490907, 0.6909139839608716, 0.6908466420539849,
    ];

    private static readonly double[] BinaryProbaFirstTwoRows =
        [0.4727863605355661, 0.5272136394644339, 0.4825754299015962, 0.5174245700984038];

    private static void AssertClose(double[] expected, IReadOnlyList<double> actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * Math.Abs(expected[i]),
                $"[{i}]: sklearn {expected[i]:R}, ours {actual[i]:R}");
    }

    [Fact]
    public void Float64_ReproducesSklearnSoftmaxRun()
    {
        var model = Train<double>(250, 3, 3, SoftmaxCurve, out var x);
        AssertClose(SoftmaxCurve, model.LossCurve, 1e-12);
        AssertClose(SoftmaxProbaFirstTwoRows, model.PredictProba(x.SelectRows([0, 1])).Data, 1e-10);
    }

    [Fact]
    public void Float64_ReproducesSklearnBinaryRun()
    {
        var model = Train<double>(230, 2, 2, BinaryCurve, out var x);
        AssertClose(BinaryCurve, model.LossCurve, 1e-12);
        AssertClose(BinaryProbaFirstTwoRows, model.PredictProba(x.SelectRows([0, 1])).Data, 1e-10);
    }

    [Fact]
    public void Float32_StaysCloseToSklearnRun()
    {
        var model = Train<float>(250, 3, 3, SoftmaxCurve, out var x);
        AssertClose(SoftmaxCurve, model.LossCurve, 1e-5);
        AssertClose(SoftmaxProbaFirstTwoRows, model.PredictProba(x.SelectRows([0, 1])).Data, 1e-3);
    }
}
