using ActiveLab.Core;
using ActiveLab.Core.Consensus;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// <c>wall-robot</c> and <c>single-vs-multiannotator</c> from the Wall Robot subset: the <see cref="SimulatedAnnotation"/>
/// recipe with 30 annotators and a 500 / 1500 labeled/unlabeled split of the 2000 train rows.
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
        var pools = SimulatedAnnotation.Simulate(subset.TrainLabels, WallRobotDataset.NumClasses, tau, Annotators, UnlabeledCount,
            applyS1, seed, streams);
        int[] labeledRows = Splits.Take(subset.Train, pools.LabeledRows);
        int[] unlabeledRows = Splits.Take(subset.Train, pools.UnlabeledRows);
        var (completeL, completeU, visible) = (pools.CompleteLabeled, pools.CompleteUnlabeled, pools.Visible);

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
