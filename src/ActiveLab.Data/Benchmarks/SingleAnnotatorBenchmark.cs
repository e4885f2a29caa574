using ActiveLab.Core;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// <c>single-annotator</c> (spec §1.8): one synthetic annotator with τ = 0.6 labels every train example once;
/// 500 labeled / 1500 unlabeled / 1000 test. Unlabeled examples carry their pre-drawn noisy label, revealed on selection.
/// </summary>
public static class SingleAnnotatorBenchmark
{
    public const ulong DefaultSeed = 0;
    public const double Tau = 0.6;

    /// <summary>
    /// Subset: the <c>wall-robot</c> subset (as for single-vs-multiannotator). Streams with <paramref name="seed"/> and
    /// dataset "single-annotator": "split" (2000/1000), "annotators" (noise matrix + one annotator over the 2000 train
    /// rows), "labeled-split" (500/1500).
    /// Shapes: A = 500 × 1 (every row one label); pools hold exactly that one label per row (labeled: the visible
    /// label, unlabeled: the pre-drawn one), so the annotator simulator reveals it. <see cref="BenchmarkData.SingleLabels"/>
    /// (500) and <see cref="BenchmarkData.NoisyLabelsUnlabeled"/> (1500) give the same labels as arrays.
    /// </summary>
    public static BenchmarkData Build(WallRobotDataset source, ulong seed = DefaultSeed)
    {
        const string name = BenchmarkNames.SingleAnnotator;
        var subset = WallRobotSubset.Build(source, WallRobotBenchmark.DefaultSeed, BenchmarkNames.WallRobot, seed, name);
        int[] trainLabels = subset.TrainLabels;
        var noisy = SyntheticAnnotators.Generate(trainLabels, WallRobotDataset.NumClasses, Tau, 1,
            ConstructionStreams.For(seed, name, "annotators"));
        var (labeledIdx, unlabeledIdx) = Splits.TrainTest(trainLabels.Length, SyntheticMultiannotator.UnlabeledCount,
            ConstructionStreams.For(seed, name, "labeled-split"));
        var completeL = noisy.SelectRows(labeledIdx);
        var completeU = noisy.SelectRows(unlabeledIdx);
        var data = new BenchmarkData
        {
            Name = name,
            NumClasses = WallRobotDataset.NumClasses,
            ClassNames = WallRobotDataset.ClassNames,
            Seed = seed,
            Labeled = BenchmarkSplit.FromRows(subset.Features, subset.Labels, Splits.Take(subset.Train, labeledIdx)),
            Unlabeled = BenchmarkSplit.FromRows(subset.Features, subset.Labels, Splits.Take(subset.Train, unlabeledIdx)),
            Test = subset.TestSplit(),
            InitialLabels = completeL,
            PoolLabeled = LabelPool.FromLabelMatrix(completeL),
            PoolUnlabeled = LabelPool.FromLabelMatrix(completeU),
            CompleteLabeled = completeL,
            CompleteUnlabeled = completeU,
            SingleLabels = Column0(completeL),
            NoisyLabelsUnlabeled = Column0(completeU),
            Tau = Tau,
            Protocol = new BenchmarkProtocol(Rounds: 10, BatchSize: 100, Runs: 5),
            Provenance = "regenerated from sensor_readings_4.data with the seeded RNG (spec §1.8, one annotator, τ = 0.6)",
        };
        data.Validate();
        return data;
    }

    private static int[] Column0(LabelMatrix m)
    {
        var labels = new int[m.Rows];
        for (int i = 0; i < m.Rows; i++) labels[i] = m.LabelsOfRow(i)[0];
        return labels;
    }
}
