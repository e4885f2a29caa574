namespace ActiveLab.Models.Vision;

/// <summary>
/// Turns 32×32 CIFAR records (R, G, B planes of bytes) into the network's input: 3 × 224 × 224 float RGB planes in
/// 0..255, upsampled with bilinear interpolation on half-pixel centres (source coordinate (o + 0.5)·32/224 − 0.5,
/// clamped at the border) — the convention of PyTorch <c>interpolate(mode="bilinear", align_corners=False)</c>, OpenCV
/// <c>INTER_LINEAR</c> and PIL's bilinear filter when enlarging. No normalisation here: the package's preprocessing
/// ONNX (run by <see cref="ResNet18Featurizer"/>) reorders to BGR and subtracts its 224×224 ImageNet mean image.
/// </summary>
public static class ImagePreprocessing
{
    /// <summary>Side of a CIFAR image.</summary>
    public const int SourceSide = 32;

    /// <summary>Side of the network input.</summary>
    public const int TargetSide = 224;

    /// <summary>Floats of one network input image: 3 × 224 × 224.</summary>
    public const int InputFloats = 3 * TargetSide * TargetSide;

    private static readonly (int Low, int High, float Weight)[] Taps = BuildTaps(SourceSide, TargetSide);

    /// <summary>For each target coordinate: the two source coordinates and the weight of the upper one.</summary>
    internal static (int Low, int High, float Weight)[] BuildTaps(int source, int target)
    {
        var taps = new (int, int, float)[target];
        double scale = (double)source / target;
        for (int o = 0; o < target; o++)
        {
            double s = (o + 0.5) * scale - 0.5;
            if (s < 0) s = 0;
            int low = (int)Math.Floor(s);
            if (low > source - 1) low = source - 1;
            int high = Math.Min(low + 1, source - 1);
            taps[o] = (low, high, (float)(s - low));
        }
        return taps;
    }

    /// <summary>
    /// Upsamples one CIFAR record (<paramref name="planes"/>: 3072 bytes, R then G then B, each 32×32 row-major) into
    /// <paramref name="destination"/> (3 × 224 × 224 floats, channel-major, 0..255).
    /// </summary>
    public static void Upsample(ReadOnlySpan<byte> planes, Span<float> destination)
    {
        if (planes.Length != 3 * SourceSide * SourceSide)
            throw new ArgumentException($"a CIFAR record has {3 * SourceSide * SourceSide} pixel bytes, got {planes.Length}", nameof(planes));
        if (destination.Length < InputFloats)
            throw new ArgumentException($"destination needs {InputFloats} floats, got {destination.Length}", nameof(destination));
        var taps = Taps;
        for (int c = 0; c < 3; c++)
        {
            var plane = planes.Slice(c * SourceSide * SourceSide, SourceSide * SourceSide);
            var outPlane = destination.Slice(c * TargetSide * TargetSide, TargetSide * TargetSide);
            for (int oy = 0; oy < TargetSide; oy++)
            {
                var (y0, y1, wy) = taps[oy];
                var r0 = plane.Slice(y0 * SourceSide, SourceSide);
                var r1 = plane.Slice(y1 * SourceSide, SourceSide);
                var outRow = outPlane.Slice(oy * TargetSide, TargetSide);
                for (int ox = 0; ox < TargetSide; ox++)
                {
                    var (x0, x1, wx) = taps[ox];
                    float top = r0[x0] + wx * (r0[x1] - r0[x0]);
                    float bottom = r1[x0] + wx * (r1[x1] - r1[x0]);
                    outRow[ox] = top + wy * (bottom - top);
                }
            }
        }
    }
}
