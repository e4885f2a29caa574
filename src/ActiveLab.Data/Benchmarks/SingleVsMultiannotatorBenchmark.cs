namespace ActiveLab.Data;

/// <summary>
/// <c>single-vs-multiannotator</c> (spec §1.7): one benchmark per τ ∈ {0.6, 0.7, 0.8, 0.9, 1.0}, each 500 / 1500 / 1000
/// with 30 annotators, S2 only on the labeled 500 × 30 matrix, and <see cref="BenchmarkData.SingleLabels"/> = the
/// majority vote of the visible labels.
/// </summary>
public static class SingleVsMultiannotatorBenchmark
{
    public const ulong DefaultSeed = 1234;

    /// <summary>
    /// Builds the member for <paramref name="tau"/> (name "single-vs-multiannotator/τ").
    /// <para>
    /// Subset: the <c>wall-robot</c> subset (stream "subset" of dataset "wall-robot" with its default seed 123, whatever
    /// <paramref name="seed"/> is — the spec assumes the extra benchmarks read the wall-robot <c>wall_robot_subset.csv</c>).
    /// Then, with <paramref name="seed"/> and dataset "single-vs-multiannotator" — the <i>same</i> streams for every τ,
    /// as the original re-seeds numpy with the same SEED for every level: "split" (2000/1000), "annotators" (noise
    /// matrix with trace τ·K, then 30 annotators), "labeled-split" (500/1500), "sparsify" (S2 only), "single-labels"
    /// (random tie-break of the majority vote). So the five levels label the same examples, and their noise matrices
    /// start from the same Dirichlet draw scaled by the trace (until a validity rejection makes the streams diverge),
    /// which makes the noise level move with τ as in the original.
    /// </para>
    /// </summary>
    public static BenchmarkData Build(WallRobotDataset source, double tau, ulong seed = DefaultSeed)
    {
        if (!BenchmarkNames.SingleVsMultiannotatorTaus.Contains(tau))
            throw new ArgumentOutOfRangeException(nameof(tau), tau,
                $"τ must be one of {string.Join(", ", BenchmarkNames.SingleVsMultiannotatorTaus)}");
        const string family = BenchmarkNames.SingleVsMultiannotator;
        string name = BenchmarkNames.SingleVsMultiannotatorFor(tau);
        var subset = WallRobotSubset.Build(source, WallRobotBenchmark.DefaultSeed, BenchmarkNames.WallRobot, seed, family);
        return SyntheticMultiannotator.Build(name, seed, subset, tau, applyS1: false,
            new BenchmarkProtocol(Rounds: 15, BatchSize: 100, Runs: 5),
            $"regenerated from sensor_readings_4.data with the seeded RNG (spec §1.7, τ = {tau:0.0}, S2 only)",
            streamDataset: family, withSingleLabels: true);
    }

    /// <summary>All five members, τ ascending.</summary>
    public static IReadOnlyList<BenchmarkData> BuildAll(WallRobotDataset source, ulong seed = DefaultSeed) =>
        BenchmarkNames.SingleVsMultiannotatorTaus.Select(t => Build(source, t, seed)).ToArray();
}
