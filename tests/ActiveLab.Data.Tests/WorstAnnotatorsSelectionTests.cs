using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Data;

namespace ActiveLab.Data.Tests;

public class WorstAnnotatorsSelectionTests
{
    /// <summary>A CIFAR-10H-like raw matrix: 1000 images, 300 annotators of varying accuracy, ≈ 50 labels per image.</summary>
    private static (LabelMatrix Raw, int[] Y) Synthetic(ulong seed)
    {
        var rng = new Rng(seed);
        int n = 1000, m = 300, k = 10;
        var y = Enumerable.Range(0, n).Select(_ => rng.NextInt(k)).ToArray();
        double[] accuracy = Enumerable.Range(0, m).Select(_ => 0.55 + 0.45 * rng.NextDouble()).ToArray();
        var builder = new LabelMatrix.Builder(n, m);
        for (int i = 0; i < n; i++)
            foreach (int a in rng.SampleWithoutReplacement(m, 50))
                builder.Add(i, a, rng.NextDouble() < accuracy[a] ? y[i] : (y[i] + 1 + rng.NextInt(k - 1)) % k);
        return (builder.Build(), y);
    }

    [Fact]
    public void SelectionCoversEveryRowWithASubsetOfTheRawLabels()
    {
        var (raw, y) = Synthetic(1);
        var selected = WorstAnnotatorsSelection.Select(raw, y, new Rng(2), out int[] ids);
        Assert.Equal(1000, selected.Rows);
        Assert.Equal(ids.Length, selected.Columns);
        Assert.All(selected.CountsPerColumn(), c => Assert.True(c > 0));
        Assert.True(ids.SequenceEqual(ids.Order()));
        for (int i = 0; i < selected.Rows; i++)
        {
            Assert.True(selected.CountInRow(i) >= 1);
            var cols = selected.ColumnsOfRow(i);
            var labs = selected.LabelsOfRow(i);
            for (int e = 0; e < cols.Length; e++) Assert.Equal(raw.Get(i, ids[cols[e]]), labs[e]);
        }
        // The 50 worst annotators' labels dominate: visible labels are much less accurate than the raw ones.
        double rawAccuracy = Accuracy(raw, y), visibleAccuracy = Accuracy(selected, y);
        Assert.True(visibleAccuracy < rawAccuracy - 0.05, $"visible {visibleAccuracy} vs raw {rawAccuracy}");
        // Same stream → same result.
        var again = WorstAnnotatorsSelection.Select(raw, y, new Rng(2), out int[] ids2);
        Assert.Equal(selected.ToDense(), again.ToDense());
        Assert.Equal(ids, ids2);
    }

    private static double Accuracy(LabelMatrix labels, int[] y)
    {
        int correct = 0;
        for (int i = 0; i < labels.Rows; i++) foreach (int l in labels.LabelsOfRow(i)) if (l == y[i]) correct++;
        return correct / (double)labels.Count;
    }
}
