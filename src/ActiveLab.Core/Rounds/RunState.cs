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
}
