namespace ActiveLab.Core.Simulation;

/// <summary>
/// Diagnostics the data notebooks print for a label matrix (spec §1.4, §1.5, §1.7): how many labels rows have, and
/// how accurate each annotator is on the rows it labeled. Majority-vote accuracy lives with
/// <c>ActiveLab.Core.Consensus</c>.
/// </summary>
public static class LabelDiagnostics
{
    /// <summary>
    /// Label-count histogram: number of labels in a row → number of rows with that count (ascending keys; only counts
    /// that occur, 0 included when some row is empty). The notebooks' <c>count(axis=1).value_counts()</c>.
    /// </summary>
    public static SortedDictionary<int, int> LabelCountHistogram(LabelMatrix labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var histogram = new SortedDictionary<int, int>();
        for (int i = 0; i < labels.Rows; i++)
        {
            int c = labels.CountInRow(i);
            histogram[c] = histogram.TryGetValue(c, out int rows) ? rows + 1 : 1;
        }
        return histogram;
    }

    /// <summary>Mean number of labels per row (0 for an empty matrix).</summary>
    public static double MeanLabelsPerRow(LabelMatrix labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Rows == 0 ? 0 : labels.Count / (double)labels.Rows;
    }

    /// <summary>
    /// Accuracy of every annotator column against the true labels, over the rows it labeled:
    /// acc[j] = |{i ∈ rows of j : A[i, j] = yTrue[i]}| / |rows of j|, NaN for a column without labels. Length M.
    /// </summary>
    /// <param name="labels">N×M label matrix.</param>
    /// <param name="yTrue">True labels, length N.</param>
    public static double[] AnnotatorAccuracies(LabelMatrix labels, ReadOnlySpan<int> yTrue)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (yTrue.Length != labels.Rows)
            throw new ActiveLabInputException($"yTrue has {yTrue.Length} entries but the label matrix has {labels.Rows} rows", "yTrue");
        var correct = new int[labels.Columns];
        var total = new int[labels.Columns];
        for (int i = 0; i < labels.Rows; i++)
        {
            var cols = labels.ColumnsOfRow(i);
            var labs = labels.LabelsOfRow(i);
            for (int e = 0; e < cols.Length; e++)
            {
                total[cols[e]]++;
                if (labs[e] == yTrue[i]) correct[cols[e]]++;
            }
        }
        var accuracy = new double[labels.Columns];
        for (int j = 0; j < accuracy.Length; j++) accuracy[j] = total[j] == 0 ? double.NaN : correct[j] / (double)total[j];
        return accuracy;
    }

    /// <summary>Min / mean / max of <see cref="AnnotatorAccuracies"/> over the annotators that labeled anything.</summary>
    public static AccuracySummary AnnotatorAccuracySummary(LabelMatrix labels, ReadOnlySpan<int> yTrue)
    {
        double[] accuracies = AnnotatorAccuracies(labels, yTrue);
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        int count = 0;
        foreach (double a in accuracies)
        {
            if (double.IsNaN(a)) continue;
            min = Math.Min(min, a);
            max = Math.Max(max, a);
            sum += a;
            count++;
        }
        return count == 0
            ? new AccuracySummary(double.NaN, double.NaN, double.NaN, 0)
            : new AccuracySummary(min, sum / count, max, count);
    }
}
