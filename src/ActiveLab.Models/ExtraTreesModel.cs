using System.Runtime.CompilerServices;
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

    internal ExtraTreesModel(TreeNode[] nodes, int[] roots, double[] leafValues, int numFeatures, int numClasses,
        double meanFeaturesEvaluatedPerSplit)
    {
        _nodes = nodes;
        _roots = roots;
        _leafValues = leafValues;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictProba(Matrix x, Matrix destination)
    {
        TrainingInput.ValidatePredict(x, destination, NumFeatures, NumClasses);
        var output = destination.Data;
        Array.Clear(output);
        var nodes = _nodes;
        var data = x.Data;
        int f = NumFeatures, k = NumClasses, rows = x.Rows;
        // Trees outer, rows inner: one tree's nodes stay in cache while every row walks it.
        foreach (int root in _roots)
        {
            for (int i = 0; i < rows; i++)
            {
                int rowOffset = i * f;
                int node = root;
                while (nodes[node].Feature >= 0)
                {
                    ref readonly var nd = ref nodes[node];
                    node = data[rowOffset + nd.Feature] <= nd.Threshold ? node + 1 : nd.Payload;
                }
                ref readonly var leaf = ref nodes[node];
                if (leaf.Feature == TreeNode.PureLeaf)
                {
                    output[i * k + leaf.Payload] += 1.0;
                }
                else
                {
                    for (int c = 0; c < k; c++) output[i * k + c] += _leafValues[leaf.Payload + c];
                }
            }
        }
        double scale = 1.0 / _roots.Length;
        for (int i = 0; i < output.Length; i++) output[i] *= scale;
    }
}
