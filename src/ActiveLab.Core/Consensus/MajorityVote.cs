using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Consensus;

/// <summary>
/// Majority-vote consensus with cleanlab's tie-break chain (spec §4.1): model probabilities, global class frequency,
/// annotator quality on the non-tied rows, then a seeded random choice.
/// </summary>
public static class MajorityVote
{
    /// <summary>
    /// Consensus label per row of <paramref name="labels"/> (N × M).
    /// </summary>
    /// <param name="labels">Annotations; every row must have at least one label.</param>
    /// <param name="predProbs">Optional N × K probabilities used by tie-break 1; K also sets the class count.</param>
    /// <param name="tieBreakRng">Generator for the last, random tie-break; a fixed-seed default is used when null.</param>
    /// <param name="numClasses">Class count when <paramref name="predProbs"/> is null (default: max label + 1).</param>
    public static int[] Compute(LabelMatrix labels, Matrix? predProbs = null, Rng? tieBreakRng = null, int? numClasses = null)
    {
        int n = labels.Rows;
        if (predProbs is not null && predProbs.Rows != n)
            throw new ActiveLabInputException($"predProbs has {predProbs.Rows} rows but labels has {n}", "predProbs");
        int k = predProbs?.Columns ?? numClasses ?? labels.MaxLabel() + 1;
        if (labels.MaxLabel() >= k)
            throw new ActiveLabInputException($"a label {labels.MaxLabel()} is outside 0..{k - 1}", "labels");

        var result = new int[n];
        var tied = new List<(int Row, int[] Candidates)>();
        var classFrequency = new long[k];
        Span<int> counts = k <= 256 ? stackalloc int[k] : new int[k];
        for (int i = 0; i < n; i++)
        {
            var labs = labels.LabelsOfRow(i);
            if (labs.IsEmpty)
                throw new ActiveLabInputException($"labels row {i} has no label", "labels", i);
            counts.Clear();
            foreach (int l in labs) { counts[l]++; classFrequency[l]++; }
            int max = 0, modes = 0, first = -1;
            for (int c = 0; c < k; c++)
            {
                if (counts[c] > max) { max = counts[c]; modes = 1; first = c; }
                else if (counts[c] == max && max > 0) modes++;
            }
            if (modes == 1)
            {
                result[i] = first;
                continue;
            }
            var candidates = new int[modes];
            int w = 0;
            for (int c = 0; c < k; c++) if (counts[c] == max) candidates[w++] = c;
            result[i] = -1;
            tied.Add((i, candidates));
        }
        if (tied.Count == 0) return result;

        var nonTied = new bool[n];
        Array.Fill(nonTied, true);
        foreach (var (row, _) in tied) nonTied[row] = false;

        // Tie-break 1: highest model probability among the candidates.
        if (predProbs is not null)
            for (int t = 0; t < tied.Count; t++)
                tied[t] = (tied[t].Row, KeepMax(tied[t].Candidates, c => predProbs[tied[t].Row, c]));

        // Tie-break 2: highest global class frequency.
        for (int t = 0; t < tied.Count; t++)
            if (tied[t].Candidates.Length > 1)
                tied[t] = (tied[t].Row, KeepMax(tied[t].Candidates, c => classFrequency[c]));

        // Tie-break 3: mean quality of the annotators who chose each candidate; quality q_j = agreement of
        // annotator j with the majority vote on the non-tied rows.
        if (tied.Exists(x => x.Candidates.Length > 1))
        {
            var quality = AnnotatorAgreementOnNonTiedRows(labels, result, nonTied);
            for (int t = 0; t < tied.Count; t++)
            {
                var (row, candidates) = tied[t];
                if (candidates.Length <= 1) continue;
                var cols = labels.ColumnsOfRow(row);
                var labs = labels.LabelsOfRow(row);
                var scores = new double[candidates.Length];
                for (int ci = 0; ci < candidates.Length; ci++)
                {
                    double sum = 0;
                    int cnt = 0;
                    for (int e = 0; e < labs.Length; e++)
                        if (labs[e] == candidates[ci]) { sum += quality[cols[e]]; cnt++; }
                    scores[ci] = sum / cnt;
                }
                tied[t] = (row, KeepMaxNanAware(candidates, scores));
            }
        }

        // Tie-break 4: uniform random choice (seeded).
        var rng = tieBreakRng ?? new Rng(0);
        foreach (var (row, candidates) in tied)
            result[row] = candidates.Length == 1 ? candidates[0] : rng.Choice<int>(candidates);
        return result;
    }

    /// <summary>q_j: fraction of annotator j's labels on non-tied rows that equal that row's vote; NaN if none.</summary>
    private static double[] AnnotatorAgreementOnNonTiedRows(LabelMatrix labels, int[] votes, bool[] nonTied)
    {
        var agree = new double[labels.Columns];
        var total = new int[labels.Columns];
        for (int i = 0; i < labels.Rows; i++)
        {
            if (!nonTied[i]) continue;
            var cols = labels.ColumnsOfRow(i);
            var labs = labels.LabelsOfRow(i);
            for (int e = 0; e < labs.Length; e++)
            {
                total[cols[e]]++;
                if (labs[e] == votes[i]) agree[cols[e]]++;
            }
        }
        var q = new double[labels.Columns];
        for (int j = 0; j < q.Length; j++) q[j] = total[j] == 0 ? double.NaN : agree[j] / total[j];
        return q;
    }

    private static int[] KeepMax(int[] candidates, Func<int, double> value)
    {
        if (candidates.Length <= 1) return candidates;
        double max = double.NegativeInfinity;
        foreach (int c in candidates) max = Math.Max(max, value(c));
        return candidates.Where(c => value(c) == max).ToArray();
    }

    /// <summary>Keeps the candidates with the largest non-NaN score; all of them if every score is NaN (spec §7.19).</summary>
    private static int[] KeepMaxNanAware(int[] candidates, double[] scores)
    {
        double max = double.NegativeInfinity;
        bool any = false;
        foreach (double s in scores)
            if (!double.IsNaN(s)) { any = true; max = Math.Max(max, s); }
        if (!any) return candidates;
        var kept = new List<int>();
        for (int i = 0; i < candidates.Length; i++) if (scores[i] == max) kept.Add(candidates[i]);
        return kept.ToArray();
    }
}
