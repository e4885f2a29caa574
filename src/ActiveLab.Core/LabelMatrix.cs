namespace ActiveLab.Core;

/// <summary>
/// The annotation matrix A: N examples × M annotator columns, each cell a class label 0..K−1 or missing.
/// Stored sparsely by row (compressed sparse rows, columns ascending within a row) because real data has a few labels
/// per row out of many annotators. Immutable: adding a round's labels (<see cref="WithAppendedColumn"/>) or new
/// examples (<see cref="WithAppendedRows"/>) returns a new matrix, which keeps round states safe to share and persist.
/// </summary>
public sealed class LabelMatrix
{
    /// <summary>Value returned by <see cref="Get"/> for a missing cell.</summary>
    public const int Missing = -1;

    private readonly int[] _rowStart;  // length Rows + 1
    private readonly int[] _columns;   // annotator column of each entry
    private readonly int[] _labels;    // label of each entry

    private LabelMatrix(int rows, int columns, int[] rowStart, int[] entryColumns, int[] entryLabels)
    {
        Rows = rows;
        Columns = columns;
        _rowStart = rowStart;
        _columns = entryColumns;
        _labels = entryLabels;
    }

    /// <summary>N: number of examples.</summary>
    public int Rows { get; }

    /// <summary>M: number of annotator columns.</summary>
    public int Columns { get; }

    /// <summary>Total number of labels (non-missing cells).</summary>
    public int Count => _labels.Length;

    /// <summary>n_i: number of labels in row <paramref name="row"/>.</summary>
    public int CountInRow(int row) => _rowStart[row + 1] - _rowStart[row];

    /// <summary>The annotator columns J_i that labeled row <paramref name="row"/>, ascending.</summary>
    public ReadOnlySpan<int> ColumnsOfRow(int row) => new(_columns, _rowStart[row], CountInRow(row));

    /// <summary>The labels of row <paramref name="row"/>, aligned with <see cref="ColumnsOfRow"/>.</summary>
    public ReadOnlySpan<int> LabelsOfRow(int row) => new(_labels, _rowStart[row], CountInRow(row));

    /// <summary>Label at (row, column), or <see cref="Missing"/>.</summary>
    public int Get(int row, int column)
    {
        var cols = ColumnsOfRow(row);
        int k = cols.BinarySearch(column);
        return k >= 0 ? _labels[_rowStart[row] + k] : Missing;
    }

    /// <summary>Largest label present, or −1 when the matrix is empty.</summary>
    public int MaxLabel()
    {
        int max = -1;
        foreach (int l in _labels) if (l > max) max = l;
        return max;
    }

    /// <summary>Number of labels in each column.</summary>
    public int[] CountsPerColumn()
    {
        var counts = new int[Columns];
        foreach (int c in _columns) counts[c]++;
        return counts;
    }

    /// <summary>Builds a matrix from a dense array where <see cref="Missing"/> (or any negative value) marks a missing cell.</summary>
    public static LabelMatrix FromDense(int[,] cells)
    {
        int n = cells.GetLength(0), m = cells.GetLength(1);
        var builder = new Builder(n, m);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                if (cells[i, j] >= 0) builder.Add(i, j, cells[i, j]);
        return builder.Build();
    }

    /// <summary>Builds a matrix from jagged rows of nullable labels (null = missing).</summary>
    public static LabelMatrix FromRows(IReadOnlyList<IReadOnlyList<int?>> rows, int? columns = null)
    {
        int m = columns ?? (rows.Count == 0 ? 0 : rows.Max(r => r.Count));
        var builder = new Builder(rows.Count, m);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count != m)
                throw new ActiveLabInputException($"row {i} has {rows[i].Count} cells, expected {m}", "labels", i);
            for (int j = 0; j < m; j++)
                if (rows[i][j] is int l) builder.Add(i, j, l);
        }
        return builder.Build();
    }

    /// <summary>One annotator column holding one label per example.</summary>
    public static LabelMatrix FromSingleColumn(ReadOnlySpan<int> labels)
    {
        var builder = new Builder(labels.Length, 1);
        for (int i = 0; i < labels.Length; i++) builder.Add(i, 0, labels[i]);
        return builder.Build();
    }

    /// <summary>A new matrix with <paramref name="count"/> unlabeled rows appended at the end.</summary>
    public LabelMatrix WithAppendedRows(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rowStart = new int[Rows + count + 1];
        Array.Copy(_rowStart, rowStart, Rows + 1);
        for (int i = Rows + 1; i < rowStart.Length; i++) rowStart[i] = _labels.Length;
        return new LabelMatrix(Rows + count, Columns, rowStart, _columns, _labels);
    }

    /// <summary>
    /// A new matrix with one more annotator column (index = <see cref="Columns"/>) holding the given (row, label)
    /// pairs — one simulated annotator's labels of one round. Rows must be distinct.
    /// </summary>
    public LabelMatrix WithAppendedColumn(ReadOnlySpan<(int Row, int Label)> newLabels)
    {
        var perRow = new int[Rows];
        Array.Fill(perRow, Missing);
        foreach (var (row, label) in newLabels)
        {
            if ((uint)row >= (uint)Rows)
                throw new ActiveLabInputException($"row {row} is outside 0..{Rows - 1}", "newLabels", row);
            if (label < 0)
                throw new ActiveLabInputException($"label {label} at row {row} is negative", "newLabels", row);
            if (perRow[row] != Missing)
                throw new ActiveLabInputException($"row {row} appears twice in one new column", "newLabels", row);
            perRow[row] = label;
        }
        int newColumn = Columns;
        var rowStart = new int[Rows + 1];
        var cols = new int[_labels.Length + newLabels.Length];
        var labels = new int[cols.Length];
        int w = 0;
        for (int i = 0; i < Rows; i++)
        {
            rowStart[i] = w;
            int len = CountInRow(i);
            Array.Copy(_columns, _rowStart[i], cols, w, len);
            Array.Copy(_labels, _rowStart[i], labels, w, len);
            w += len;
            if (perRow[i] != Missing)
            {
                cols[w] = newColumn;
                labels[w] = perRow[i];
                w++;
            }
        }
        rowStart[Rows] = w;
        return new LabelMatrix(Rows, Columns + 1, rowStart, cols, labels);
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order (all columns kept).</summary>
    public LabelMatrix SelectRows(ReadOnlySpan<int> indices)
    {
        var builder = new Builder(indices.Length, Columns);
        for (int r = 0; r < indices.Length; r++)
        {
            var cols = ColumnsOfRow(indices[r]);
            var labs = LabelsOfRow(indices[r]);
            for (int e = 0; e < cols.Length; e++) builder.Add(r, cols[e], labs[e]);
        }
        return builder.Build();
    }

    /// <summary>Columns reordered: new column c is old column <paramref name="order"/>[c].</summary>
    public LabelMatrix SelectColumns(ReadOnlySpan<int> order)
    {
        var newIndexOfOld = new int[Columns];
        Array.Fill(newIndexOfOld, -1);
        for (int c = 0; c < order.Length; c++) newIndexOfOld[order[c]] = c;
        var builder = new Builder(Rows, order.Length);
        for (int i = 0; i < Rows; i++)
        {
            var cols = ColumnsOfRow(i);
            var labs = LabelsOfRow(i);
            for (int e = 0; e < cols.Length; e++)
                if (newIndexOfOld[cols[e]] >= 0) builder.Add(i, newIndexOfOld[cols[e]], labs[e]);
        }
        return builder.Build();
    }

    /// <summary>Dense copy with <see cref="Missing"/> for empty cells (tests, small exports).</summary>
    public int[,] ToDense()
    {
        var dense = new int[Rows, Columns];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Columns; j++) dense[i, j] = Missing;
            var cols = ColumnsOfRow(i);
            var labs = LabelsOfRow(i);
            for (int e = 0; e < cols.Length; e++) dense[i, cols[e]] = labs[e];
        }
        return dense;
    }

    /// <summary>
    /// Collects entries in any order and builds the compressed matrix. Duplicate (row, column) cells and negative
    /// labels are rejected with the offending cell named.
    /// </summary>
    public sealed class Builder
    {
        private readonly int _rows, _columns;
        private readonly List<(int Row, int Column, int Label)> _entries = new();

        public Builder(int rows, int columns)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(rows);
            ArgumentOutOfRangeException.ThrowIfNegative(columns);
            _rows = rows;
            _columns = columns;
        }

        public Builder Add(int row, int column, int label)
        {
            if ((uint)row >= (uint)_rows)
                throw new ActiveLabInputException($"row {row} is outside 0..{_rows - 1}", "labels", row, column);
            if ((uint)column >= (uint)_columns)
                throw new ActiveLabInputException($"column {column} is outside 0..{_columns - 1}", "labels", row, column);
            if (label < 0)
                throw new ActiveLabInputException($"label {label} at row {row}, column {column} is negative", "labels", row, column);
            _entries.Add((row, column, label));
            return this;
        }

        public LabelMatrix Build()
        {
            _entries.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Column.CompareTo(b.Column));
            var rowStart = new int[_rows + 1];
            var cols = new int[_entries.Count];
            var labels = new int[_entries.Count];
            for (int e = 0; e < _entries.Count; e++)
            {
                var (r, c, l) = _entries[e];
                if (e > 0 && _entries[e - 1].Row == r && _entries[e - 1].Column == c)
                    throw new ActiveLabInputException($"cell (row {r}, column {c}) is given twice", "labels", r, c);
                rowStart[r + 1]++;
                cols[e] = c;
                labels[e] = l;
            }
            for (int i = 0; i < _rows; i++) rowStart[i + 1] += rowStart[i];
            return new LabelMatrix(_rows, _columns, rowStart, cols, labels);
        }
    }
}
