using ActiveLab.Core;

namespace ActiveLab.Cluster.Training;

/// <summary>A matrix as plain data for messages and events (row-major values).</summary>
public sealed record MatrixData(int Rows, int Columns, double[] Values)
{
    public static MatrixData From(Matrix m) => new(m.Rows, m.Columns, m.Data);

    public Matrix ToMatrix() => new(Rows, Columns, Values);
}
