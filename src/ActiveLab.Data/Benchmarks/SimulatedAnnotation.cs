using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// The one recipe of spec §1.4 that every simulated-annotator dataset uses (<c>wall-robot</c>,
/// <c>single-vs-multiannotator</c>, a user's own tabular dataset): M synthetic annotators over the train rows (noise
/// matrix with trace τ·K), a labeled/unlabeled split of the train rows together with their label matrix, then
/// sparsification of the labeled part (S1 then S2, or S2 only).
/// </summary>
public static class SimulatedAnnotation
{
    /// <summary>
    /// Runs the recipe. Streams (seed <paramref name="seed"/>, dataset <paramref name="streams"/>), in order of use:
    /// "annotators" (noise matrix, then <paramref name="annotators"/> annotators over all train rows), "labeled-split"
    /// (train rows → N − <paramref name="unlabeledCount"/> labeled / <paramref name="unlabeledCount"/> unlabeled),
    /// "sparsify" (S1 when <paramref name="applyS1"/>, then S2, from the same stream).
    /// </summary>
    /// <param name="trainLabels">True class (0..K−1) of every train row, length N.</param>
    /// <param name="numClasses">K.</param>
    /// <param name="tau">Trace fraction τ of the noise matrix (expected annotator accuracy).</param>
    /// <param name="annotators">M: number of synthetic annotators (30 in the paper).</param>
    /// <param name="unlabeledCount">N_U: train rows that form the unlabeled pool.</param>
    /// <param name="applyS1">Keep ≤ 5 annotators per row (S1) before least-annotations (S2).</param>
    /// <param name="seed">Seed of the construction streams.</param>
    /// <param name="streams">Dataset name of the construction streams.</param>
    public static SimulatedPools Simulate(int[] trainLabels, int numClasses, double tau, int annotators, int unlabeledCount,
        bool applyS1, ulong seed, string streams)
    {
        ArgumentNullException.ThrowIfNull(trainLabels);
        var complete = SyntheticAnnotators.Generate(trainLabels, numClasses, tau, annotators,
            ConstructionStreams.For(seed, streams, "annotators"));
        var (labeledIdx, unlabeledIdx) = Splits.TrainTest(trainLabels.Length, unlabeledCount,
            ConstructionStreams.For(seed, streams, "labeled-split"));
        var completeL = complete.SelectRows(labeledIdx);
        var completeU = complete.SelectRows(unlabeledIdx);
        var sparsify = ConstructionStreams.For(seed, streams, "sparsify");
        var visible = applyS1 ? Sparsification.KeepAtMostPerRow(completeL, sparsify) : completeL;
        visible = Sparsification.LeastAnnotations(visible, sparsify);
        return new SimulatedPools(labeledIdx, unlabeledIdx, completeL, completeU, visible);
    }
}
