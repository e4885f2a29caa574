using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ActiveLab.Core;

namespace ActiveLab.Models;

/// <summary>
/// A fitted extra-trees forest. All trees live in one flat node array (depth-first, 16 bytes a node); leaves whose
/// training rows were all one class store just that class, other leaves point at K class fractions.
/// PredictProba = mean over trees of the reached leaf's class fractions (sklearn's <c>predict_proba</c>).
/// </summary>
public sealed class ExtraTreesModel : IFittedClassifier
{
    private readonly TreeNode[] _nodes;
    private readonly int[] _roots;
    private readonly double[] _leafValues;
    private readonly WalkNode[] _walk;

    internal ExtraTreesModel(TreeNode[] nodes, int[] roots, double[] leafValues, int numFeatures, int numClasses,
        double meanFeaturesEvaluatedPerSplit)
    {
        _nodes = nodes;
        _roots = roots;
        _leafValues = leafValues;
        _walk = WalkNodes(nodes);
        NumFeatures = numFeatures;
        NumClasses = numClasses;
        MeanFeaturesEvaluatedPerSplit = meanFeaturesEvaluatedPerSplit;
    }

    /// <inheritdoc />
    public int NumFeatures { get; }

    /// <inheritdoc />
    public int NumClasses { get; }

    /// <summary>Number of trees.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>Total number of nodes over all trees.</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>Fitting statistic for tests: mean number of non-constant features scored per split node.</summary>
    internal double MeanFeaturesEvaluatedPerSplit { get; }

    /// <summary>Number of nodes of tree <paramref name="tree"/>.</summary>
    public int NodeCountOfTree(int tree) =>
        (tree + 1 < _roots.Length ? _roots[tree + 1] : _nodes.Length) - _roots[tree];

    /// <inheritdoc />
    /// <remarks>
    /// Trees outer, rows inner (one tree's nodes stay in cache while the rows walk it), eight rows at a time in lockstep
    /// with a branch-free step (<see cref="WalkNode"/>) until none of them moves: one row at a time waits on each
    /// level's load-compare chain and mispredicts about every other left/right branch. Each row still adds its trees'
    /// leaves in tree order, so the sums are bit for bit those of a plain walk.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictProba(Matrix x, Matrix destination)
    {
        TrainingInput.ValidatePredict(x, destination, NumFeatures, NumClasses);
        var output = destination.Data;
        Array.Clear(output);
        int f = NumFeatures, k = NumClasses, rows = x.Rows;
        ref WalkNode w = ref MemoryMarshal.GetArrayDataReference(_walk);
        ref double d = ref MemoryMarshal.GetArrayDataReference(x.Data);
        foreach (int root in _roots)
        {
            int i = 0;
            for (; i + 8 <= rows; i += 8)
            {
                // Eight rows walk in lockstep until none moves (each stops at its leaf, which points at itself).
                int n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
                nint o0 = (nint)i * f;
                while (true)
                {
                    int m0 = Step(ref w, ref d, n0, o0), m1 = Step(ref w, ref d, n1, o0 + f);
                    int m2 = Step(ref w, ref d, n2, o0 + 2 * f), m3 = Step(ref w, ref d, n3, o0 + 3 * f);
                    int m4 = Step(ref w, ref d, n4, o0 + 4 * f), m5 = Step(ref w, ref d, n5, o0 + 5 * f);
                    int m6 = Step(ref w, ref d, n6, o0 + 6 * f), m7 = Step(ref w, ref d, n7, o0 + 7 * f);
                    if (((m0 ^ n0) | (m1 ^ n1) | (m2 ^ n2) | (m3 ^ n3) | (m4 ^ n4) | (m5 ^ n5) | (m6 ^ n6) | (m7 ^ n7)) == 0) break;
                    n0 = m0; n1 = m1; n2 = m2; n3 = m3; n4 = m4; n5 = m5; n6 = m6; n7 = m7;
                }
                AddLeaf(output, i, n0, k);
                AddLeaf(output, i + 1, n1, k);
                AddLeaf(output, i + 2, n2, k);
                AddLeaf(output, i + 3, n3, k);
                AddLeaf(output, i + 4, n4, k);
                AddLeaf(output, i + 5, n5, k);
                AddLeaf(output, i + 6, n6, k);
                AddLeaf(output, i + 7, n7, k);
            }
            for (; i < rows; i++)
            {
                int n = root, m;
                while ((m = Step(ref w, ref d, n, (nint)i * f)) != n) n = m;
                AddLeaf(output, i, n, k);
            }
        }
        double scale = 1.0 / _roots.Length;
        for (int i = 0; i < output.Length; i++) output[i] *= scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref WalkNode walk, ref double data, int n, nint rowOffset)
    {
        ref WalkNode node = ref Unsafe.Add(ref walk, n);
        int goLeft = Unsafe.Add(ref data, rowOffset + node.Feature) <= node.Threshold ? 1 : 0;
        return node.Right + ((n + 1 - node.Right) & -goLeft);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddLeaf(double[] output, int row, int n, int k)
    {
        ref readonly var leaf = ref _nodes[n];
        if (leaf.Feature == TreeNode.PureLeaf) output[row * k + leaf.Payload] += 1.0;
        else for (int c = 0; c < k; c++) output[row * k + c] += _leafValues[leaf.Payload + c];
    }

    /// <summary>
    /// A node as <see cref="PredictProba"/> walks it: a split goes to index + 1 (left) or <see cref="Right"/>; a leaf has
    /// feature 0, a NaN threshold (no value is ≤ NaN) and itself as right child, so a row that reached it stays.
    /// <c>ModelBenchmarks et-predict 5</c> (one forest, 20 × 5456 rows, 100 trees, one core, 3 runs): CPU 0.29 s one row
    /// at a time, 0.27 s with eight in lockstep (four: 0.29 s; sixteen: 0.27 s; eight lanes that take a new row as
    /// each finishes: 0.37 s, the lane bookkeeping costs more than the idle steps it saves).
    /// </summary>
    private struct WalkNode
    {
        public double Threshold;
        public int Feature;
        public int Right;
    }

    private static WalkNode[] WalkNodes(TreeNode[] nodes)
    {
        var walk = new WalkNode[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
            walk[i] = nodes[i].Feature >= 0
                ? new WalkNode { Threshold = nodes[i].Threshold, Feature = nodes[i].Feature, Right = nodes[i].Payload }
                : new WalkNode { Threshold = double.NaN, Feature = 0, Right = i };
        return walk;
    }
}
