using ActiveLab.Core;
using ActiveLab.Core.Consensus;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// Shared recipe of <c>wall-robot</c> and <c>single-vs-multiannotator</c>: 30 synthetic annotators on the train part,
/// a 500 / 1500 labeled/unlabeled split of train with its complete label matrix, then sparsification of the labeled part.
/// </summary>
internal static class SyntheticMultiannotator
{
    public const int Annotators = 30;
    public const int UnlabeledCount = 1500;

    /// <param name="name">Benchmark name.</param>
    /// <param name="seed">Seed of all streams.</param>
    /// <param name="subset">The Wall Robot subset with its train/test split.</param>
    /// <param name="tau">Trace fraction of the annotators.</param>
    /// <param name="applyS1">S1 then S2 (wall-robot) or S2 only (single-vs-multiannotator).</param>
    /// <param name="protocol">Round-loop constants.</param>
    /// <param name="provenance">Provenance line.</param>
    /// <param name="streamDataset">Dataset name of the streams "annotators", "labeled-split", "sparsify", "single-labels"
    /// (default <paramref name="name"/>; the τ levels of single-vs-multiannotator share their family's name).</param>
    /// <param name="withSingleLabels">Also compute <see cref="BenchmarkData.SingleLabels"/> = MV of the visible labels (stream "single-labels").</param>
    public static BenchmarkData Build(string name, ulong seed, WallRobotSubset subset, double tau, bool applyS1,
        BenchmarkProtocol protocol, string provenance, string? streamDataset = null, bool withSingleLabels = false)
    {
        string streams = streamDataset ?? name;
        int[] trainLabels = subset.TrainLabels;
        var complete = SyntheticAnnotators.Generate(trainLabels, WallRobotDataset.NumClasses, tau, Annotators,
            ConstructionStreams.For(seed, streams, "annotators"));
        var (labeledIdx, unlabeledIdx) = Splits.TrainTest(trainLabels.Length, UnlabeledCount,
            ConstructionStreams.For(seed, streams, "labeled-split"));
        int[] labeledRows = Splits.Take(subset.Train, labeledIdx);
        int[] unlabeledRows = Splits.Take(subset.Train, unlabeledIdx);
        var completeL = complete.SelectRows(labeledIdx);
        var completeU = complete.SelectRows(unlabeledIdx);

        var sparsify = ConstructionStreams.For(seed, streams, "sparsify");
        var visible = applyS1 ? Sparsification.KeepAtMostPerRow(completeL, sparsify) : completeL;
        visible = Sparsification.LeastAnnotations(visible, sparsify);

        var labeled = BenchmarkSplit.FromRows(subset.Features, subset.Labels, labeledRows);
        int[]? single = withSingleLabels
            ? MajorityVote.Compute(visible, null, ConstructionStreams.For(seed, streams, "single-labels"), WallRobotDataset.NumClasses)
            : null;
        var data = new BenchmarkData
        {
            Name = name,
            NumClasses = WallRobotDataset.NumClasses,
            ClassNames = WallRobotDataset.ClassNames,
            Seed = seed,
            Labeled = labeled,
            Unlabeled = BenchmarkSplit.FromRows(subset.Features, subset.Labels, unlabeledRows),
            Test = subset.TestSplit(),
            InitialLabels = visible,
            PoolLabeled = LabelPool.FromLabelMatrix(completeL),
            PoolUnlabeled = LabelPool.FromLabelMatrix(completeU),
            CompleteLabeled = completeL,
            CompleteUnlabeled = completeU,
            SingleLabels = single,
            Tau = tau,
            Protocol = protocol,
            Provenance = provenance,
        };
        data.Validate();
        return data;
    }
}
