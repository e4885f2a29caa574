namespace ActiveLab.Models;

/// <summary>
/// One node of a fitted extra tree, 16 bytes. Trees are stored depth-first, so a split node's left child is always
/// the next node; only the right child's index is stored.
/// </summary>
internal struct TreeNode
{
    /// <summary><see cref="Feature"/> of a leaf whose training rows all have one class (<see cref="Payload"/>).</summary>
    public const int PureLeaf = -1;

    /// <summary><see cref="Feature"/> of a leaf with mixed classes; <see cref="Payload"/> is the offset of its K class
    /// fractions in the forest's leaf-value array.</summary>
    public const int MixedLeaf = -2;

    /// <summary>Split threshold: rows with x[Feature] ≤ Threshold go left.</summary>
    public double Threshold;

    /// <summary>Split feature (≥ 0), or <see cref="PureLeaf"/> / <see cref="MixedLeaf"/>.</summary>
    public int Feature;

    /// <summary>Split: index of the right child. Pure leaf: its class. Mixed leaf: offset of its class fractions.</summary>
    public int Payload;
}
