namespace ActiveLab.Core.Metrics;

/// <summary>The per-round metrics of spec §5.</summary>
public static class RoundMetrics
{
    /// <summary>Consensus-label accuracy: mean over the current labeled set of [c_i = y_i].</summary>
    public static double ConsensusAccuracy(ReadOnlySpan<int> consensus, ReadOnlySpan<int> trueLabels)
    {
        if (consensus.Length != trueLabels.Length)
            throw new ArgumentException($"{consensus.Length} consensus labels but {trueLabels.Length} true labels");
        if (consensus.Length == 0) throw new ArgumentException("no examples");
        int correct = 0;
        for (int i = 0; i < consensus.Length; i++) if (consensus[i] == trueLabels[i]) correct++;
        return (double)correct / consensus.Length;
    }

    /// <summary>
    /// Distribution entropy of A: with the K' classes present anywhere in A and ē the mean over rows of each row's
    /// empirical label distribution (restricted to those classes), −Σ_k ē_k·ln(max(ē_k, 1e-6)) / ln K'.
    /// Returns 0 when only one class is present (the original divides by ln 1 = 0).
    /// </summary>
    public static double DistributionEntropy(LabelMatrix labels)
    {
        int maxLabel = labels.MaxLabel();
        if (maxLabel < 0) throw new ArgumentException("the label matrix is empty", nameof(labels));
        var present = new bool[maxLabel + 1];
        var mean = new double[maxLabel + 1];
        int rows = 0;
        for (int i = 0; i < labels.Rows; i++)
        {
            var labs = labels.LabelsOfRow(i);
            if (labs.IsEmpty) continue;
            rows++;
            foreach (int l in labs) { present[l] = true; mean[l] += 1.0 / labs.Length; }
        }
        int kPrime = present.Count(x => x);
        if (kPrime < 2) return 0.0;
        double s = 0;
        for (int c = 0; c < mean.Length; c++)
        {
            if (!present[c]) continue;
            double e = mean[c] / rows;
            s += e * Math.Log(Math.Max(e, 1e-6));
        }
        return -s / Math.Log(kPrime);
    }

    /// <summary>n_i for every labeled row in current order, followed by zeros for the remaining unlabeled examples.</summary>
    public static int[] PerExampleCounts(LabelMatrix labels, int unlabeledRemaining)
    {
        var counts = new int[labels.Rows + unlabeledRemaining];
        for (int i = 0; i < labels.Rows; i++) counts[i] = labels.CountInRow(i);
        return counts;
    }

    /// <summary>Test accuracy of argmax predictions (first index on ties).</summary>
    public static double ArgMaxAccuracy(Matrix probabilities, ReadOnlySpan<int> trueLabels)
    {
        if (probabilities.Rows != trueLabels.Length)
            throw new ArgumentException($"{probabilities.Rows} prediction rows but {trueLabels.Length} labels");
        int correct = 0;
        for (int i = 0; i < trueLabels.Length; i++) if (probabilities.ArgMaxOfRow(i) == trueLabels[i]) correct++;
        return (double)correct / trueLabels.Length;
    }
}
