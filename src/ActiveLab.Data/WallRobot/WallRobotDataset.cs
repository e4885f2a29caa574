using ActiveLab.Core;

namespace ActiveLab.Data;

/// <summary>
/// The full Wall-Following Robot Navigation table (UCI 194 / OpenML 1526, 4-sensor version): 5456 rows in file order.
/// </summary>
/// <param name="Features">5456 × 4 raw sensor distances in metres (front, left, right, back = OpenML V1..V4); never scaled.</param>
/// <param name="Labels">Class index per row (length 5456), see <see cref="ClassNames"/>.</param>
/// <param name="SourcePath">The file it was read from.</param>
public sealed record WallRobotDataset(Matrix Features, int[] Labels, string SourcePath)
{
    /// <summary>
    /// Class names in index order: the alphabetical order of the class strings (forced by the benchmark's per-class
    /// subset sizes 1100/900/300/700, see the data README).
    /// </summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["Move-Forward", "Sharp-Right-Turn", "Slight-Left-Turn", "Slight-Right-Turn"];

    /// <summary>K = 4.</summary>
    public const int NumClasses = 4;

    /// <summary>Number of feature columns (4).</summary>
    public const int NumFeatures = 4;

    /// <summary>Rows in the published file.</summary>
    public const int ExpectedRows = 5456;

    /// <summary>Rows per class index in the published file: 2205, 2097, 328, 826.</summary>
    public static IReadOnlyList<int> ExpectedClassCounts { get; } = [2205, 2097, 328, 826];

    /// <summary>SHA-256 of the uncompressed published file <c>sensor_readings_4.data</c> (data README).</summary>
    public const string ExpectedContentSha256 = "7e057abf41bbb9ed6a367e3a16ce3f06aa869c0ac108ef4499c52db5ed80f205";

    /// <summary>Number of rows.</summary>
    public int Count => Labels.Length;

    /// <summary>Rows per class index.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[NumClasses];
        foreach (int y in Labels) counts[y]++;
        return counts;
    }
}
