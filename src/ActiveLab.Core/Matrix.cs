namespace ActiveLab.Core;

/// <summary>
/// A dense row-major matrix of doubles (N × K probabilities, features, posteriors). Thin on purpose: the data array
/// is exposed so hot loops can work on spans without copying.
/// </summary>
public sealed class Matrix
{
    public Matrix(int rows, int columns)
        : this(rows, columns, new double[checked(rows * columns)]) { }

    public Matrix(int rows, int columns, double[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (data.Length != (long)rows * columns)
            throw new ArgumentException($"data has {data.Length} values, expected {rows} × {columns} = {(long)rows * columns}", nameof(data));
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Row-major values: element (i, k) is at i·Columns + k.</summary>
    public double[] Data { get; }

    public double this[int row, int column]
    {
        get => Data[row * Columns + column];
        set => Data[row * Columns + column] = value;
    }

    public Span<double> Row(int row) => Data.AsSpan(row * Columns, Columns);

    public ReadOnlySpan<double> ReadRow(int row) => new(Data, row * Columns, Columns);

    /// <summary>Builds a matrix from jagged rows (tests, small inputs).</summary>
    public static Matrix FromRows(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        int n = rows.Count;
        int k = n == 0 ? 0 : rows[0].Count;
        var m = new Matrix(n, k);
        for (int i = 0; i < n; i++)
        {
            if (rows[i].Count != k)
                throw new ActiveLabInputException($"row {i} has {rows[i].Count} values, expected {k}", "matrix", i, null);
            for (int j = 0; j < k; j++) m.Data[i * k + j] = rows[i][j];
        }
        return m;
    }

    public Matrix Clone() => new(Rows, Columns, (double[])Data.Clone());

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public Matrix SelectRows(ReadOnlySpan<int> indices)
    {
        var m = new Matrix(indices.Length, Columns);
        for (int i = 0; i < indices.Length; i++) ReadRow(indices[i]).CopyTo(m.Row(i));
        return m;
    }

    /// <summary>This matrix with <paramref name="other"/>'s rows appended below.</summary>
    public Matrix AppendRows(Matrix other)
    {
        if (other.Columns != Columns && other.Rows > 0)
            throw new ArgumentException($"cannot append rows of width {other.Columns} to a matrix of width {Columns}", nameof(other));
        var data = new double[Data.Length + other.Data.Length];
        Data.CopyTo(data, 0);
        other.Data.CopyTo(data, Data.Length);
        return new Matrix(Rows + other.Rows, Columns, data);
    }

    /// <summary>First index of the row maximum (numpy argmax semantics).</summary>
    public int ArgMaxOfRow(int row) => MathUtil.ArgMax(ReadRow(row));
}
