using ActiveLab.Core;

namespace ActiveLab.Data;

/// <summary>
/// A NumPy array read from a <c>.npy</c> file, in C (row-major) order. Numeric and boolean elements are held as
/// doubles (<see cref="Values"/>; int64 beyond ±2^53 is not exact — labels and indices never come near), fixed-width
/// unicode elements (<c>&lt;U n</c>, e.g. image paths) as strings (<see cref="Strings"/>).
/// </summary>
public sealed class NpyArray
{
    internal NpyArray(string path, string descr, int[] shape, double[]? values, string[]? strings)
    {
        SourcePath = path;
        Descr = descr;
        Shape = shape;
        Values = values;
        Strings = strings;
    }

    /// <summary>The file it was read from (used in error messages).</summary>
    public string SourcePath { get; }

    /// <summary>The dtype descriptor of the file, e.g. "&lt;f8", "&lt;i8", "|b1", "&lt;U64".</summary>
    public string Descr { get; }

    /// <summary>The shape; empty for a 0-d scalar.</summary>
    public int[] Shape { get; }

    /// <summary>Elements of numeric / boolean arrays (bool = 0/1, NaN kept), C order; null for string arrays.</summary>
    public double[]? Values { get; }

    /// <summary>Elements of unicode arrays (trailing NULs removed), C order; null otherwise.</summary>
    public string[]? Strings { get; }

    /// <summary>Number of elements (product of the shape).</summary>
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Rows of a 1-D or 2-D array (the first dimension).</summary>
    public int Rows => Shape.Length == 0 ? 1 : Shape[0];

    /// <summary>Columns of a 2-D array; 1 for a 1-D array.</summary>
    public int Columns => Shape.Length >= 2 ? Shape[1] : 1;

    /// <summary>The numeric elements; fails for string arrays.</summary>
    public double[] ToDoubles() => Values ?? throw Error($"dtype {Descr} is not numeric");

    /// <summary>
    /// Integer elements (e.g. true labels stored as int64 or float64); every element must be a finite whole number in
    /// the int32 range.
    /// </summary>
    public int[] ToInt32s()
    {
        double[] values = ToDoubles();
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v) || v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
                throw Error($"element {Where(i)} = {v} is not an integer");
            result[i] = (int)v;
        }
        return result;
    }

    /// <summary>A 2-D numeric array as an N × d <see cref="Matrix"/> (a 1-D array becomes N × 1).</summary>
    public Matrix ToMatrix()
    {
        RequireRank(1, 2);
        return new Matrix(Rows, Columns, (double[])ToDoubles().Clone());
    }

    /// <summary>
    /// A label matrix (N × M; a 1-D array becomes N × 1): NaN (float arrays, the originals' missing value) or a negative
    /// value (integer arrays) is a missing cell; every other element must be a whole number 0..<paramref name="numClasses"/>−1.
    /// </summary>
    public LabelMatrix ToLabelMatrix(int numClasses)
    {
        RequireRank(1, 2);
        double[] values = ToDoubles();
        int n = Rows, m = Columns;
        var builder = new LabelMatrix.Builder(n, m);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double v = values[(long)i * m + j];
                if (double.IsNaN(v) || v < 0) continue;
                if (v != Math.Floor(v) || v >= numClasses)
                    throw Error($"label at (row {i}, column {j}) = {v} is not a class 0..{numClasses - 1}");
                builder.Add(i, j, (int)v);
            }
        return builder.Build();
    }

    private void RequireRank(int min, int max)
    {
        if (Shape.Length < min || Shape.Length > max)
            throw Error($"expected a {min}-D{(max > min ? $" or {max}-D" : "")} array, found shape ({string.Join(", ", Shape)})");
    }

    private string Where(long flat) =>
        Shape.Length == 2 ? $"(row {flat / Shape[1]}, column {flat % Shape[1]})" : $"{flat}";

    internal DataFormatException Error(string problem) => new(SourcePath, problem);
}
