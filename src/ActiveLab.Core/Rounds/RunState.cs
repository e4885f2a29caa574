namespace ActiveLab.Core.Rounds;

/// <summary>
/// Where one run (dataset × method × model × repeat) stands at the start of a round. Immutable; everything needed to
/// continue the run is here, so a persisted copy resumes it exactly.
/// </summary>
/// <param name="Round">Index t of the round about to run.</param>
/// <param name="Labels">A: one row per labeled example (row order = <paramref name="LabeledIds"/>), one column per annotator.</param>
/// <param name="LabeledIds">Example id of each row of A. Ids number the benchmark's examples: initial labeled 0..N0−1, then initial unlabeled N0..N0+N_U0−1.</param>
/// <param name="UnlabeledIds">Ids of the examples still unlabeled, in their original relative order.</param>
/// <param name="Carried">Pprev: per ensemble member, the N × K probabilities carried from the previous round (null at t = 0).</param>
public sealed record RunState(int Round, LabelMatrix Labels, int[] LabeledIds, int[] UnlabeledIds, Matrix[]? Carried)
{
    /// <summary>The state of round 0: initial labels, ids 0..N0−1 labeled and N0.. unlabeled, nothing carried.</summary>
    public static RunState Initial(LabelMatrix initialLabels, int unlabeledCount)
    {
        int n0 = initialLabels.Rows;
        return new RunState(0, initialLabels,
            Enumerable.Range(0, n0).ToArray(),
            Enumerable.Range(n0, unlabeledCount).ToArray(),
            null);
    }

    /// <summary>
    /// The state after <paramref name="result"/>: the new picks move (in selection order) from U to the end of L with
    /// empty label rows, and one annotator column holding the round's annotations is appended. Used by the round
    /// engine itself and by recovery from a journal, so both always agree.
    /// </summary>
    /// <param name="result">The round's result (its <see cref="RoundResult.NewIds"/> and <see cref="RoundResult.Annotations"/>).</param>
    /// <param name="carried">Pprev for the next round, one N' × K matrix per ensemble member.</param>
    public RunState Advance(RoundResult result, Matrix[] carried)
    {
        if (result.Round != Round)
            throw new ArgumentException($"result of round {result.Round} applied to the state of round {Round}", nameof(result));
        int n = LabeledIds.Length, added = result.NewIds.Length;
        var labeledIds = new int[n + added];
        LabeledIds.CopyTo(labeledIds, 0);
        result.NewIds.CopyTo(labeledIds, n);

        var moved = new HashSet<int>(result.NewIds);
        if (moved.Count != added)
            throw new ArgumentException("a new example is selected twice", nameof(result));
        var remaining = new int[UnlabeledIds.Length - added];
        int w = 0;
        foreach (int id in UnlabeledIds)
        {
            if (moved.Contains(id)) continue;
            if (w == remaining.Length) throw new ArgumentException("a new example is not in the unlabeled pool", nameof(result));
            remaining[w++] = id;
        }
        if (w != remaining.Length) throw new ArgumentException("a new example is not in the unlabeled pool", nameof(result));

        var rowOfId = new Dictionary<int, int>(labeledIds.Length);
        for (int i = 0; i < labeledIds.Length; i++) rowOfId[labeledIds[i]] = i;
        var column = new (int Row, int Label)[result.Annotations.Length];
        for (int a = 0; a < column.Length; a++)
        {
            var (id, label) = result.Annotations[a];
            if (!rowOfId.TryGetValue(id, out int row))
                throw new ArgumentException($"annotated example {id} is not labeled", nameof(result));
            column[a] = (row, label);
        }
        var labels = Labels.WithAppendedRows(added).WithAppendedColumn(column);
        foreach (var m in carried)
            if (m.Rows != labeledIds.Length)
                throw new ArgumentException($"carried probabilities have {m.Rows} rows, expected {labeledIds.Length}", nameof(carried));
        return new RunState(Round + 1, labels, labeledIds, remaining, carried);
    }
}
