namespace ActiveLab.Core.Simulation;

/// <summary>
/// The complete label pool E of the annotator simulator (spec §2.7): for every example, the multiset of labels a new
/// annotation can be drawn from (Wall Robot: the 30 synthetic annotators' labels; CIFAR-10H: the image's ≈ 50 human
/// labels, a variable number). Annotator identities are irrelevant to the draw, so only labels are stored, in the
/// source's column order. Immutable; rows are aligned to the examples of the labeled set L and grow with it via
/// <see cref="SelectRows"/> and <see cref="Concat"/> (e.g. <c>poolL = poolL.Concat(poolU.SelectRows(picks))</c>).
/// A row may be empty; drawing from an empty row is an error reported by <see cref="AnnotatorSimulator"/>.
/// </summary>
public sealed class LabelPool
{
    private readonly int[] _rowStart; // length Rows + 1
    private readonly int[] _labels;

    private LabelPool(int[] rowStart, int[] labels)
    {
        _rowStart = rowStart;
        _labels = labels;
    }

    /// <summary>Number of examples.</summary>
    public int Rows => _rowStart.Length - 1;

    /// <summary>Total number of labels over all rows.</summary>
    public int Count => _labels.Length;

    /// <summary>Number of labels available for <paramref name="row"/>.</summary>
    public int CountInRow(int row) => _rowStart[row + 1] - _rowStart[row];

    /// <summary>The labels available for <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> LabelsOfRow(int row) => new(_labels, _rowStart[row], CountInRow(row));

    /// <summary>One pool row per matrix row: that row's non-missing labels in column order.</summary>
    public static LabelPool FromLabelMatrix(LabelMatrix labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var rowStart = new int[labels.Rows + 1];
        var all = new int[labels.Count];
        int w = 0;
        for (int i = 0; i < labels.Rows; i++)
        {
            rowStart[i] = w;
            var row = labels.LabelsOfRow(i);
            row.CopyTo(all.AsSpan(w));
            w += row.Length;
        }
        rowStart[labels.Rows] = w;
        return new LabelPool(rowStart, all);
    }

    /// <summary>Pool from jagged rows of labels (each label ≥ 0).</summary>
    public static LabelPool FromRows(IReadOnlyList<IReadOnlyList<int>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var rowStart = new int[rows.Count + 1];
        var all = new List<int>();
        for (int i = 0; i < rows.Count; i++)
        {
            rowStart[i] = all.Count;
            for (int j = 0; j < rows[i].Count; j++)
            {
                int label = rows[i][j];
                if (label < 0)
                    throw new ActiveLabInputException($"pool label {label} at row {i}, position {j} is negative", "pool", i, j);
                all.Add(label);
            }
        }
        rowStart[rows.Count] = all.Count;
        return new LabelPool(rowStart, all.ToArray());
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order (repeats allowed).</summary>
    public LabelPool SelectRows(ReadOnlySpan<int> indices)
    {
        var rowStart = new int[indices.Length + 1];
        int total = 0;
        for (int r = 0; r < indices.Length; r++)
        {
            int src = indices[r];
            if ((uint)src >= (uint)Rows)
                throw new ActiveLabInputException($"row {src} is outside 0..{Rows - 1}", "indices", src);
            rowStart[r] = total;
            total += CountInRow(src);
        }
        rowStart[indices.Length] = total;
        var all = new int[total];
        for (int r = 0; r < indices.Length; r++) LabelsOfRow(indices[r]).CopyTo(all.AsSpan(rowStart[r]));
        return new LabelPool(rowStart, all);
    }

    /// <summary>A new pool with the rows of this pool followed by the rows of <paramref name="other"/>.</summary>
    public LabelPool Concat(LabelPool other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var rowStart = new int[Rows + other.Rows + 1];
        Array.Copy(_rowStart, rowStart, Rows + 1);
        for (int r = 1; r <= other.Rows; r++) rowStart[Rows + r] = _labels.Length + other._rowStart[r];
        var all = new int[_labels.Length + other._labels.Length];
        _labels.CopyTo(all, 0);
        other._labels.CopyTo(all, _labels.Length);
        return new LabelPool(rowStart, all);
    }
}
