using ActiveLab.Core;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// <c>wall-robot-complete</c> (spec §1.5, the original's <c>wall-robot-completely-labeled</c>): every train example is
/// labeled at round 0 (2000 / 0 / 1000), τ = 0.80, S1 + S2; the re-labeling pool is the same complete 2000 × 30 matrix
/// (the original's "second" generator call re-seeds and reproduces it, §7 item 9).
/// </summary>
public static class WallRobotCompleteBenchmark
{
    public const ulong DefaultSeed = 111;
    public const double Tau = 0.80;

    /// <summary>
    /// Streams (dataset "wall-robot-complete", <paramref name="seed"/>), in order: "subset", "split", "annotators"
    /// (30 annotators over the 2000 train rows), "sparsify" (S1 then S2 on all 2000 rows).
    /// Shapes: L 2000 × 4, U 0 × 4, test 1000 × 4; A 2000 × 30; pool 2000 × 30 (empty U pool).
    /// </summary>
    public static BenchmarkData Build(WallRobotDataset source, ulong seed = DefaultSeed)
    {
        const string name = BenchmarkNames.WallRobotComplete;
        var subset = WallRobotSubset.Build(source, seed, name, seed, name);
        int[] trainLabels = subset.TrainLabels;
        var complete = SyntheticAnnotators.Generate(trainLabels, WallRobotDataset.NumClasses, Tau,
            SyntheticMultiannotator.Annotators, ConstructionStreams.For(seed, name, "annotators"));
        var sparsify = ConstructionStreams.For(seed, name, "sparsify");
        var visible = Sparsification.LeastAnnotations(Sparsification.KeepAtMostPerRow(complete, sparsify), sparsify);
        var data = new BenchmarkData
        {
            Name = name,
            NumClasses = WallRobotDataset.NumClasses,
            ClassNames = WallRobotDataset.ClassNames,
            Seed = seed,
            Labeled = BenchmarkSplit.FromRows(subset.Features, subset.Labels, subset.Train),
            Unlabeled = BenchmarkSplit.Empty(WallRobotDataset.NumFeatures),
            Test = subset.TestSplit(),
            InitialLabels = visible,
            PoolLabeled = LabelPool.FromLabelMatrix(complete),
            PoolUnlabeled = LabelPool.FromRows([]),
            CompleteLabeled = complete,
            CompleteUnlabeled = new LabelMatrix.Builder(0, complete.Columns).Build(),
            Tau = Tau,
            Protocol = new BenchmarkProtocol(Rounds: 20, BatchSize: 100, Runs: 5),
            Provenance = "regenerated from sensor_readings_4.data with the seeded RNG (spec §1.3, §1.5; pool = the visible labels' complete matrix)",
        };
        data.Validate();
        return data;
    }
}
