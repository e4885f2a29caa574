using ActiveLab.Core;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// Everything one benchmark starts every run from (spec §2.1 per-run state at round 0): the labeled set L, the
/// unlabeled pool U and the test set, the visible annotations of L, and the complete label pools the annotator
/// simulator draws from (spec §2.7). Shapes: N_L = <see cref="Labeled"/>.Count, N_U = <see cref="Unlabeled"/>.Count,
/// M = <see cref="InitialLabels"/>.Columns.
/// </summary>
public sealed record BenchmarkData
{
    /// <summary>Canonical benchmark name (<see cref="BenchmarkCatalog.Names"/>), e.g. "wall-robot".</summary>
    public required string Name { get; init; }

    /// <summary>K: number of classes.</summary>
    public required int NumClasses { get; init; }

    /// <summary>Class names in index order, length K.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>The seed the construction streams were derived from (for original arrays: the default seed, unused).</summary>
    public required ulong Seed { get; init; }

    /// <summary>Labeled set L at round 0: N_L examples.</summary>
    public required BenchmarkSplit Labeled { get; init; }

    /// <summary>Unlabeled pool U: N_U examples (0 for <c>wall-robot-complete</c>).</summary>
    public required BenchmarkSplit Unlabeled { get; init; }

    /// <summary>Test set.</summary>
    public required BenchmarkSplit Test { get; init; }

    /// <summary>A at round 0: N_L × M visible annotations (every row has ≥ 1 label).</summary>
    public required LabelMatrix InitialLabels { get; init; }

    /// <summary>E_L: complete label pool of each labeled example (N_L rows); visible labels are a sub-multiset of it.</summary>
    public required LabelPool PoolLabeled { get; init; }

    /// <summary>E_U: complete label pool of each unlabeled example (N_U rows).</summary>
    public required LabelPool PoolUnlabeled { get; init; }

    /// <summary>
    /// The complete pools with annotator identity when it is known (synthetic N_L × 30, raw CIFAR-10H N_L × 2571;
    /// single-annotator N_L × 1); null for counts-only CIFAR-10H. Same rows as <see cref="PoolLabeled"/>.
    /// </summary>
    public LabelMatrix? CompleteLabeled { get; init; }

    /// <summary>Same as <see cref="CompleteLabeled"/> for U (N_U rows).</summary>
    public LabelMatrix? CompleteUnlabeled { get; init; }

    /// <summary>
    /// One label per labeled example (length N_L) for single-label arms: single-vs-multiannotator = majority vote of
    /// <see cref="InitialLabels"/> (<c>single_labels_labeled</c>); single-annotator = the observed noisy labels
    /// (<c>noisy_labels_labeled</c>). Null otherwise.
    /// </summary>
    public int[]? SingleLabels { get; init; }

    /// <summary>
    /// single-annotator only: the pre-drawn noisy label of every unlabeled example (length N_U,
    /// <c>noisy_labels_unlabeled</c>), revealed when it is selected. Its pool row holds exactly this label.
    /// </summary>
    public int[]? NoisyLabelsUnlabeled { get; init; }

    /// <summary>Trace fraction τ of the synthetic annotators, when synthetic.</summary>
    public double? Tau { get; init; }

    /// <summary>Image benchmarks: the CIFAR image file the <see cref="BenchmarkSplit.ImageIndices"/> refer to, if found.</summary>
    public string? ImageSource { get; init; }

    /// <summary>Round-loop constants of the spec for this benchmark.</summary>
    public required BenchmarkProtocol Protocol { get; init; }

    /// <summary>Where the data came from and every deviation from the original (one human-readable line).</summary>
    public required string Provenance { get; init; }

    /// <summary>True for image benchmarks (parts carry image indices).</summary>
    public bool IsImageBenchmark => Labeled.ImageIndices is not null;

    /// <summary>The same benchmark with features attached to every part (row-aligned; e.g. cached image embeddings).</summary>
    public BenchmarkData WithFeatures(Matrix labeled, Matrix unlabeled, Matrix test) => this with
    {
        Labeled = Labeled.WithFeatures(labeled),
        Unlabeled = Unlabeled.WithFeatures(unlabeled),
        Test = Test.WithFeatures(test),
    };

    /// <summary>
    /// Checks the invariants every builder guarantees: parts row-aligned, pools aligned, labels in 0..K−1, every
    /// labeled row has ≥ 1 visible label, every visible row is a sub-multiset of its pool row.
    /// </summary>
    /// <exception cref="InvalidOperationException">An invariant fails (message names the row).</exception>
    public void Validate()
    {
        Labeled.Validate("labeled");
        Unlabeled.Validate("unlabeled");
        Test.Validate("test");
        if (ClassNames.Count != NumClasses)
            throw new InvalidOperationException($"{ClassNames.Count} class names for K = {NumClasses}");
        if (InitialLabels.Rows != Labeled.Count)
            throw new InvalidOperationException($"initial labels have {InitialLabels.Rows} rows, labeled set {Labeled.Count}");
        if (PoolLabeled.Rows != Labeled.Count || PoolUnlabeled.Rows != Unlabeled.Count)
            throw new InvalidOperationException("label pools are not aligned to the labeled/unlabeled sets");
        if (InitialLabels.MaxLabel() >= NumClasses)
            throw new InvalidOperationException($"a visible label {InitialLabels.MaxLabel()} is ≥ K = {NumClasses}");
        foreach (var part in new[] { Labeled, Unlabeled, Test })
            foreach (int y in part.TrueLabels)
                if ((uint)y >= (uint)NumClasses) throw new InvalidOperationException($"true label {y} is outside 0..{NumClasses - 1}");
        var counts = new int[NumClasses];
        for (int i = 0; i < InitialLabels.Rows; i++)
        {
            if (InitialLabels.CountInRow(i) == 0)
                throw new InvalidOperationException($"labeled row {i} has no visible label");
            Array.Clear(counts);
            foreach (int l in PoolLabeled.LabelsOfRow(i)) counts[l]++;
            foreach (int l in InitialLabels.LabelsOfRow(i))
                if (--counts[l] < 0)
                    throw new InvalidOperationException($"labeled row {i}: visible label {l} is not in its complete pool");
        }
        for (int i = 0; i < PoolUnlabeled.Rows; i++)
            if (PoolUnlabeled.CountInRow(i) == 0) throw new InvalidOperationException($"unlabeled row {i} has an empty pool");
    }
}
