using System.Runtime.CompilerServices;
using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models;

/// <summary>
/// Grows the extremely randomised trees of one forest (sklearn's <c>DepthFirstTreeBuilder</c> with a
/// <c>RandomSplitter</c> and the Gini criterion). One builder per fit: it owns every buffer it needs (allocated once,
/// none per node), so concurrent fits never share state.
/// <para>
/// Per node: the node is a leaf if it is pure, has fewer than min_samples_split rows, fewer than 2·min_samples_leaf, or
/// reached max_depth. Otherwise features are drawn without replacement; for each non-constant drawn feature a threshold
/// is drawn uniformly in [min, max) of that feature in the node (a draw equal to max becomes min) and the split is scored
/// with Gini's proxy Σ_left c²/n_l + Σ_right c²/n_r; the best (first on ties) wins. Drawing stops after max_features
/// features, except that it goes on while every drawn feature was constant (spread ≤ 1e-7) and unvisited features
/// remain — features found constant in an ancestor are remembered, exactly as sklearn's splitter does. If every feature
/// is constant the node is a leaf.
/// </para>
/// </summary>
internal sealed class ExtraTreeBuilder
{
    private const double FeatureThreshold = 1e-7;  // sklearn's FEATURE_THRESHOLD

    private readonly int _n, _f, _k;
    private readonly int _maxFeatures, _maxDepth, _minSplit, _minLeaf;
    private readonly double[] _columns;      // F × n, column-major copy of x
    private readonly int[] _rootCounts;      // class counts of all rows

    // Per-tree workspace.
    private readonly int[] _samples;         // row indices, permuted so that each node owns a contiguous range
    private readonly int[] _ys;              // labels in the order of _samples
    private readonly int[] _y;
    private readonly double[] _xf;           // candidate feature values of the current node, in sample order
    private readonly int[] _features;        // sklearn's features array (known constants first)
    private readonly int[] _constantFeatures;
    private readonly int[] _left, _bestLeft, _right;
    private StackEntry[] _stack = new StackEntry[64];
    private int[] _stackCounts;

    // Forest being built.
    private TreeNode[] _nodes;
    private int _nodeCount;
    private double[] _values;
    private int _valueCount;

    internal long SplitNodes;          // statistics for tests: nodes that were split…
    internal long FeaturesEvaluated;   // …and non-constant features scored in them

    public ExtraTreeBuilder(Matrix x, ReadOnlySpan<int> y, int numClasses, ExtraTreesOptions options)
    {
        _n = x.Rows;
        _f = x.Columns;
        _k = numClasses;
        _maxFeatures = options.ResolveMaxFeatures(_f);
        _maxDepth = options.MaxDepth ?? int.MaxValue;
        _minSplit = options.MinSamplesSplit;
        _minLeaf = options.MinSamplesLeaf;

        _columns = new double[_n * _f];
        var data = x.Data;
        for (int i = 0; i < _n; i++)
            for (int j = 0; j < _f; j++)
                _columns[j * _n + i] = data[i * _f + j];
        _y = y.ToArray();
        _rootCounts = new int[_k];
        foreach (int label in _y) _rootCounts[label]++;

        _samples = new int[_n];
        _ys = new int[_n];
        _xf = new double[_n];
        _features = new int[_f];
        _constantFeatures = new int[_f];
        _left = new int[_k];
        _bestLeft = new int[_k];
        _right = new int[_k];
        _stackCounts = new int[_stack.Length * _k];
        _nodes = new TreeNode[Math.Max(16, 2 * _n)];
        _values = new double[16 * _k];
    }

    private struct StackEntry
    {
        public int Start, End, Depth, Parent, ConstantFeatures;
        public bool IsLeft;
    }

    /// <summary>Grows <paramref name="trees"/> trees, tree t from its own generator seeded by the t-th draw of
    /// <paramref name="rng"/> (so trees could be grown in parallel without changing the result).</summary>
    public ExtraTreesModel BuildForest(int trees, Rng rng)
    {
        var seeds = new ulong[trees];
        for (int t = 0; t < trees; t++) seeds[t] = rng.NextUInt64();
        var roots = new int[trees];
        for (int t = 0; t < trees; t++)
        {
            roots[t] = _nodeCount;
            BuildTree(new Rng(seeds[t]));
        }
        return new ExtraTreesModel(_nodes.AsSpan(0, _nodeCount).ToArray(), roots, _values.AsSpan(0, _valueCount).ToArray(),
            _f, _k, SplitNodes == 0 ? 0 : (double)FeaturesEvaluated / SplitNodes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildTree(Rng rng)
    {
        for (int i = 0; i < _n; i++) _samples[i] = i;
        _y.CopyTo(_ys, 0);
        for (int j = 0; j < _f; j++) _features[j] = j;

        int sp = 0;
        _stack[0] = new StackEntry { Start = 0, End = _n, Depth = 0, Parent = -1, ConstantFeatures = 0 };
        _rootCounts.CopyTo(_stackCounts, 0);
        sp = 1;
        while (sp > 0)
        {
            sp--;
            var e = _stack[sp];
            var counts = _stackCounts.AsSpan(sp * _k, _k);
            int nodeSamples = e.End - e.Start;
            int id = AddNode();
            if (e.Parent >= 0 && !e.IsLeft) _nodes[e.Parent].Payload = id;

            bool isLeaf = e.Depth >= _maxDepth || nodeSamples < _minSplit || nodeSamples < 2 * _minLeaf || IsPure(counts, nodeSamples);
            int pos = e.End, feature = -1, childConstants = 0;
            double threshold = 0;
            if (!isLeaf)
            {
                pos = NodeSplit(e.Start, e.End, e.ConstantFeatures, counts, rng, out feature, out threshold, out childConstants);
                isLeaf = pos >= e.End;
            }
            if (isLeaf)
            {
                WriteLeaf(id, counts, nodeSamples);
                continue;
            }

            _nodes[id].Feature = feature;
            _nodes[id].Threshold = threshold;
            for (int c = 0; c < _k; c++) _right[c] = counts[c] - _bestLeft[c];
            EnsureStack(sp + 2);
            // Right is pushed first so that the left child is popped next and gets index id + 1.
            _stack[sp] = new StackEntry { Start = pos, End = e.End, Depth = e.Depth + 1, Parent = id, IsLeft = false, ConstantFeatures = childConstants };
            _right.CopyTo(_stackCounts, sp * _k);
            _stack[sp + 1] = new StackEntry { Start = e.Start, End = pos, Depth = e.Depth + 1, Parent = id, IsLeft = true, ConstantFeatures = childConstants };
            _bestLeft.CopyTo(_stackCounts, (sp + 1) * _k);
            sp += 2;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPure(ReadOnlySpan<int> counts, int total)
    {
        foreach (int c in counts) if (c == total) return true;
        return false;
    }

    /// <summary>
    /// Finds the split of the node [start, end) (sklearn <c>RandomSplitter.node_split</c>) and partitions the node's
    /// samples so that rows going left come first. Returns the partition position, or end when no split is possible.
    /// Leaves the best split's left class counts in <see cref="_bestLeft"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int NodeSplit(int start, int end, int knownConstants, ReadOnlySpan<int> counts, Rng rng,
        out int bestFeature, out double bestThreshold, out int totalConstantsOut)
    {
        int n = _n;
        int nodeSamples = end - start;
        var samples = _samples;
        var ys = _ys;
        var xf = _xf;
        var features = _features;
        var left = _left;

        int bestPos = end;
        double bestProxy = double.NegativeInfinity;
        bestFeature = -1;
        bestThreshold = 0;

        int fI = _f;
        int foundConstants = 0, drawnConstants = 0, totalConstants = knownConstants, visited = 0;
        while (fI > totalConstants && (visited < _maxFeatures || visited <= foundConstants + drawnConstants))
        {
            visited++;
            int fJ = drawnConstants + rng.NextInt(fI - foundConstants - drawnConstants);
            if (fJ < knownConstants)
            {
                (features[drawnConstants], features[fJ]) = (features[fJ], features[drawnConstants]);
                drawnConstants++;
                continue;
            }
            fJ += foundConstants;
            int feature = features[fJ];

            var col = _columns.AsSpan(feature * n, n);
            double min = col[samples[start]], max = min;
            xf[start] = min;
            for (int p = start + 1; p < end; p++)
            {
                double v = col[samples[p]];
                xf[p] = v;
                if (v < min) min = v;
                else if (v > max) max = v;
            }
            if (max <= min + FeatureThreshold)
            {
                features[fJ] = features[totalConstants];
                features[totalConstants] = feature;
                foundConstants++;
                totalConstants++;
                continue;
            }
            fI--;
            (features[fI], features[fJ]) = (features[fJ], features[fI]);

            double threshold = (max - min) * rng.NextDouble() + min;
            if (threshold == max) threshold = min;

            Array.Clear(left);
            int nLeft = 0;
            for (int p = start; p < end; p++)
            {
                // Branch-free: the comparison is a coin flip, so a branch would mispredict half the time.
                int goesLeft = xf[p] <= threshold ? 1 : 0;
                left[ys[p]] += goesLeft;
                nLeft += goesLeft;
            }
            int nRight = nodeSamples - nLeft;
            if (nLeft < _minLeaf || nRight < _minLeaf) continue;
            FeaturesEvaluated++;

            double sqLeft = 0, sqRight = 0;
            for (int c = 0; c < _k; c++)
            {
                double l = left[c], r = counts[c] - left[c];
                sqLeft += l * l;
                sqRight += r * r;
            }
            double proxy = sqLeft / nLeft + sqRight / nRight;
            if (proxy > bestProxy)
            {
                bestProxy = proxy;
                bestPos = start + nLeft;
                bestFeature = feature;
                bestThreshold = threshold;
                left.CopyTo(_bestLeft, 0);
            }
        }

        if (bestPos < end)
        {
            SplitNodes++;
            var col = _columns.AsSpan(bestFeature * n, n);
            int p = start, partitionEnd = end;
            while (p < partitionEnd)
            {
                if (col[samples[p]] <= bestThreshold) p++;
                else
                {
                    partitionEnd--;
                    (samples[p], samples[partitionEnd]) = (samples[partitionEnd], samples[p]);
                    (ys[p], ys[partitionEnd]) = (ys[partitionEnd], ys[p]);
                }
            }
        }

        // sklearn's invariant: restore the known constants' order for siblings, remember the newly found ones.
        Array.Copy(_constantFeatures, features, knownConstants);
        Array.Copy(features, knownConstants, _constantFeatures, knownConstants, foundConstants);
        totalConstantsOut = totalConstants;
        return bestPos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddNode()
    {
        if (_nodeCount == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        _nodes[_nodeCount] = default;
        return _nodeCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteLeaf(int id, ReadOnlySpan<int> counts, int total)
    {
        for (int c = 0; c < _k; c++)
        {
            if (counts[c] == total)
            {
                _nodes[id].Feature = TreeNode.PureLeaf;
                _nodes[id].Payload = c;
                return;
            }
        }
        if (_valueCount + _k > _values.Length) Array.Resize(ref _values, Math.Max(_values.Length * 2, _valueCount + _k));
        for (int c = 0; c < _k; c++) _values[_valueCount + c] = (double)counts[c] / total;
        _nodes[id].Feature = TreeNode.MixedLeaf;
        _nodes[id].Payload = _valueCount;
        _valueCount += _k;
    }

    private void EnsureStack(int size)
    {
        if (size <= _stack.Length) return;
        int newSize = Math.Max(size, _stack.Length * 2);
        Array.Resize(ref _stack, newSize);
        Array.Resize(ref _stackCounts, newSize * _k);
    }
}
