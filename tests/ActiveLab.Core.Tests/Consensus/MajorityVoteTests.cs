using ActiveLab.Core.Consensus;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Tests.Consensus;

public class MajorityVoteTests
{
    private static LabelMatrix L(params int?[][] rows) => LabelMatrix.FromRows(rows.Select(r => (IReadOnlyList<int?>)r).ToList());

    [Fact]
    public void Unique_mode_wins()
    {
        var a = L([0, 0, 1], [2, null, 2], [1, null, null]);
        Assert.Equal([0, 2, 1], MajorityVote.Compute(a, numClasses: 3));
    }

    [Fact]
    public void Tie_break_1_uses_probabilities_of_the_tied_classes_only()
    {
        var a = L([0, 1, null], [0, 0, 1], [1, 1, 0]);
        // Row 0 ties 0 vs 1; class 2 has the highest probability but is not a candidate.
        var p = Matrix.FromRows(new double[][] { [0.3, 0.2, 0.5], [1, 0, 0], [0, 1, 0] });
        Assert.Equal(0, MajorityVote.Compute(a, p)[0]);
    }

    [Fact]
    public void Tie_break_2_prefers_the_globally_more_frequent_class()
    {
        // Row 0 ties 0 vs 1; class 1 appears 4 times overall, class 0 twice.
        var a = L([0, 1], [1, 1], [1, 0]);
        Assert.Equal(1, MajorityVote.Compute(a, numClasses: 2)[0]);
    }

    [Fact]
    public void Tie_break_3_prefers_candidates_chosen_by_annotators_who_agree_with_the_non_tied_rows()
    {
        // Class frequencies tie (3 vs 3) so tie-break 2 cannot decide row 0.
        // Annotator 0 agrees with the vote on the non-tied rows (q=1), annotator 1 disagrees (q=0).
        var a = L(
            [0, 1, null],     // tied: 0 (by ann 0) vs 1 (by ann 1)
            [0, 1, 0],        // vote 0: ann0 right, ann1 wrong
            [1, 0, 1]);       // vote 1: ann0 right, ann1 wrong
        int[] votes = MajorityVote.Compute(a, numClasses: 2);
        Assert.Equal(0, votes[0]);
        Assert.Equal([0, 0, 1], votes);
    }

    [Fact]
    public void Tie_break_4_is_random_but_seeded()
    {
        // A symmetric tie no earlier rule can break: row 0 ties 0 vs 1, the only other row also ties.
        var a = L([0, 1], [1, 0]);
        var seen = new HashSet<int>();
        for (ulong s = 0; s < 64; s++)
        {
            int v1 = MajorityVote.Compute(a, numClasses: 2, tieBreakRng: new Rng(s))[0];
            int v2 = MajorityVote.Compute(a, numClasses: 2, tieBreakRng: new Rng(s))[0];
            Assert.Equal(v1, v2);
            seen.Add(v1);
        }
        Assert.Equal(new HashSet<int> { 0, 1 }, seen);
    }

    [Fact]
    public void Nan_annotator_quality_does_not_crash_tie_break_3()
    {
        // All rows tied, so every q_j is NaN (no non-tied rows): the NaN-aware rule keeps every candidate for tie-break 4.
        var a = L([0, 1], [1, 0]);
        var votes = MajorityVote.Compute(a, numClasses: 2, tieBreakRng: new Rng(1));
        Assert.All(votes, v => Assert.InRange(v, 0, 1));
    }
}
