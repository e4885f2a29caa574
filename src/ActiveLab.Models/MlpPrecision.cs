namespace ActiveLab.Models;

/// <summary>Floating-point type the MLP is trained in (prediction always runs in double).</summary>
public enum MlpPrecision
{
    /// <summary>float64, as sklearn does for float64 input.</summary>
    Float64,

    /// <summary>float32: twice as many SIMD lanes (about 1.6× faster end to end); same accuracy on the benchmark's data.</summary>
    Float32,
}
