using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// <c>wall-robot</c> (spec §1.4, faithful 500 / 1500 / 1000 configuration, §7 item 8): 30 synthetic annotators with
/// τ = 0.85 on the 2000 train examples, labeled/unlabeled split with test_size 0.75, S1 then S2 on the labeled part.
/// </summary>
public static class WallRobotBenchmark
{
    public const ulong DefaultSeed = 123;
    public const double Tau = 0.85;
    public const int Annotators = 30;
    /// <summary>Size of the unlabeled part of the 2000 train examples (test_size 0.75).</summary>
    public const int UnlabeledCount = 1500;

    /// <summary>
    /// Builds the benchmark. Streams (dataset "wall-robot", all with <paramref name="seed"/>), in order of use:
    /// "subset" (per-class sample 1100/900/300/700), "split" (3000 → 2000 train / 1000 test), "annotators"
    /// (noise matrix, then 30 annotators over the 2000 train rows), "labeled-split" (2000 → 500 labeled / 1500
    /// unlabeled; the complete 30-column matrix is split with the rows), "sparsify" (S1 on the 500 × 30 labeled
    /// matrix, then S2 on its result, from the same stream).
    /// Shapes: L 500 × 4, U 1500 × 4, test 1000 × 4; A 500 × 30; pools 500 × 30 and 1500 × 30 complete.
    /// </summary>
    public static BenchmarkData Build(WallRobotDataset source, ulong seed = DefaultSeed)
    {
        const string name = BenchmarkNames.WallRobot;
        var subset = WallRobotSubset.Build(source, seed, name, seed, name);
        return SyntheticMultiannotator.Build(name, seed, subset, Tau, applyS1: true,
            new BenchmarkProtocol(Rounds: 20, BatchSize: 100, Runs: 5),
            "regenerated from sensor_readings_4.data with the seeded RNG (spec §1.3–1.4, 500/1500/1000)");
    }
}
