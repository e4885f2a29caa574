namespace ActiveLab.Models;

/// <summary>
/// Hyperparameters of <see cref="ExtraTreesClassifierFactory"/>; the defaults are sklearn 1.0.2's
/// <c>ExtraTreesClassifier()</c> (spec §2.4.2).
/// </summary>
public sealed record ExtraTreesOptions
{
    /// <summary>Number of trees (n_estimators = 100).</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Features drawn per node (max_features); null means "auto"/"sqrt": max(1, ⌊√F⌋).</summary>
    public int? MaxFeatures { get; init; }

    /// <summary>Maximum depth (root depth 0); null means unlimited.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>A node with fewer rows is a leaf (min_samples_split = 2).</summary>
    public int MinSamplesSplit { get; init; } = 2;

    /// <summary>A split leaving fewer rows on either side is rejected (min_samples_leaf = 1).</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>The max_features value for F features.</summary>
    public int ResolveMaxFeatures(int numFeatures) =>
        Math.Clamp(MaxFeatures ?? Math.Max(1, (int)Math.Sqrt(numFeatures)), 1, numFeatures);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Trees < 1) throw new ArgumentOutOfRangeException(nameof(Trees), Trees, "need at least one tree");
        if (MaxFeatures is < 1) throw new ArgumentOutOfRangeException(nameof(MaxFeatures), MaxFeatures, "must be at least 1");
        if (MaxDepth is < 0) throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, "must be non-negative");
        if (MinSamplesSplit < 2) throw new ArgumentOutOfRangeException(nameof(MinSamplesSplit), MinSamplesSplit, "must be at least 2");
        if (MinSamplesLeaf < 1) throw new ArgumentOutOfRangeException(nameof(MinSamplesLeaf), MinSamplesLeaf, "must be at least 1");
    }
}
