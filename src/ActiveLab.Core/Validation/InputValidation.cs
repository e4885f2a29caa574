namespace ActiveLab.Core.Validation;

/// <summary>
/// The input checks cleanlab's multi-annotator functions perform (spec §4.3), raised as
/// <see cref="ActiveLabInputException"/> naming the input, row and column at fault.
/// </summary>
public static class InputValidation
{
    /// <summary>Tolerance on |Σ_k P_ik − 1|.</summary>
    public const double RowSumTolerance = 1e-6;

    /// <summary>
    /// Checks a probability matrix: at least 2 classes, finite values in [0, 1], rows summing to 1 within 1e-6,
    /// and (when given) the expected number of rows and columns.
    /// </summary>
    public static void ProbabilityMatrix(Matrix p, string input, int? expectedRows = null, int? expectedColumns = null)
    {
        if (p.Columns < 2)
            throw new ActiveLabInputException($"{input} has {p.Columns} class column(s); at least 2 classes are needed", input);
        if (expectedRows is int n && p.Rows != n)
            throw new ActiveLabInputException($"{input} has {p.Rows} rows but {n} were expected", input);
        if (expectedColumns is int k && p.Columns != k)
            throw new ActiveLabInputException($"{input} has {p.Columns} class columns but {k} were expected", input);
        for (int i = 0; i < p.Rows; i++)
        {
            var row = p.ReadRow(i);
            double sum = 0;
            for (int c = 0; c < row.Length; c++)
            {
                double v = row[c];
                if (!double.IsFinite(v))
                    throw new ActiveLabInputException($"{input} row {i}, class {c}: value {v} is not a finite number", input, i, c);
                if (v < 0 || v > 1)
                    throw new ActiveLabInputException($"{input} row {i}, class {c}: probability {v} is outside [0, 1]", input, i, c);
                sum += v;
            }
            if (Math.Abs(sum - 1) > RowSumTolerance)
                throw new ActiveLabInputException($"{input} row {i}: probabilities sum to {sum:R}, not 1 (tolerance {RowSumTolerance})", input, i);
        }
    }

    /// <summary>
    /// Checks a label matrix against K classes: labels in 0..K−1, every row has a label, every column has a label,
    /// and — unless <paramref name="allowSingleLabel"/> — at least 2 columns and not every row with exactly one label.
    /// </summary>
    public static void Labels(LabelMatrix a, int numClasses, bool allowSingleLabel = false, string input = "labels")
    {
        if (numClasses < 2)
            throw new ActiveLabInputException($"at least 2 classes are needed, got {numClasses}", input);
        if (a.Rows == 0)
            throw new ActiveLabInputException($"{input} has no rows", input);
        bool allSingle = true;
        for (int i = 0; i < a.Rows; i++)
        {
            int n = a.CountInRow(i);
            if (n == 0)
                throw new ActiveLabInputException($"{input} row {i} has no label; every labeled example needs at least one annotation", input, i);
            if (n != 1) allSingle = false;
            var cols = a.ColumnsOfRow(i);
            var labs = a.LabelsOfRow(i);
            for (int e = 0; e < labs.Length; e++)
            {
                if (labs[e] < 0 || labs[e] >= numClasses)
                    throw new ActiveLabInputException(
                        $"{input} row {i}, column {cols[e]}: label {labs[e]} is outside 0..{numClasses - 1}", input, i, cols[e]);
            }
        }
        var perColumn = a.CountsPerColumn();
        for (int j = 0; j < perColumn.Length; j++)
            if (perColumn[j] == 0)
                throw new ActiveLabInputException($"{input} column {j} has no label; every annotator must label at least one example", input, null, j);
        if (!allowSingleLabel)
        {
            if (a.Columns < 2)
                throw new ActiveLabInputException($"{input} has {a.Columns} annotator column; at least 2 are needed for multi-annotator consensus", input);
            if (allSingle)
                throw new ActiveLabInputException($"every row of {input} has exactly one label; multi-annotator consensus needs some example with 2 or more", input);
        }
    }

    /// <summary>True when every row has exactly one label (cleanlab's single-annotator branch).</summary>
    public static bool EveryRowHasOneLabel(LabelMatrix a)
    {
        for (int i = 0; i < a.Rows; i++)
            if (a.CountInRow(i) != 1) return false;
        return true;
    }
}
