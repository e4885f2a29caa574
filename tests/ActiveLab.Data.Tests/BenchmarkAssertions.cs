using ActiveLab.Core;
using ActiveLab.Data;

namespace ActiveLab.Data.Tests;

internal static class BenchmarkAssertions
{
    /// <summary>Sizes, alignment, ≥ 1 visible label per labeled row, visible ⊆ complete pool.</summary>
    public static void AssertShape(BenchmarkData data, int labeled, int unlabeled, int test, int k, int? columns)
    {
        Assert.Equal(labeled, data.Labeled.Count);
        Assert.Equal(unlabeled, data.Unlabeled.Count);
        Assert.Equal(test, data.Test.Count);
        Assert.Equal(k, data.NumClasses);
        Assert.Equal(k, data.ClassNames.Count);
        Assert.Equal(labeled, data.InitialLabels.Rows);
        if (columns is int m) Assert.Equal(m, data.InitialLabels.Columns);
        Assert.Equal(labeled, data.PoolLabeled.Rows);
        Assert.Equal(unlabeled, data.PoolUnlabeled.Rows);
        for (int i = 0; i < labeled; i++)
        {
            Assert.True(data.InitialLabels.CountInRow(i) >= 1, $"labeled row {i} has no visible label");
            var pool = data.PoolLabeled.LabelsOfRow(i).ToArray().ToList();
            foreach (int l in data.InitialLabels.LabelsOfRow(i)) Assert.True(pool.Remove(l), $"row {i}: label {l} not in pool");
        }
        if (data.CompleteLabeled is LabelMatrix complete)
            for (int i = 0; i < labeled; i++)
            {
                // Same annotator columns carry the same labels in the visible matrix and the complete one.
                if (complete.Columns != data.InitialLabels.Columns) break;
                var cols = data.InitialLabels.ColumnsOfRow(i);
                var labs = data.InitialLabels.LabelsOfRow(i);
                for (int e = 0; e < cols.Length; e++) Assert.Equal(complete.Get(i, cols[e]), labs[e]);
            }
        data.Validate();
    }

    /// <summary>True when the two benchmarks hold identical examples, labels and pools.</summary>
    public static bool SameData(BenchmarkData a, BenchmarkData b)
    {
        bool SameSplit(BenchmarkSplit x, BenchmarkSplit y) =>
            x.TrueLabels.SequenceEqual(y.TrueLabels)
            && (x.Features is null ? y.Features is null : y.Features is not null && x.Features.Data.SequenceEqual(y.Features.Data))
            && (x.ImageIndices is null ? y.ImageIndices is null : y.ImageIndices is not null && x.ImageIndices.SequenceEqual(y.ImageIndices));
        bool SameMatrix(LabelMatrix x, LabelMatrix y)
        {
            if (x.Rows != y.Rows || x.Columns != y.Columns || x.Count != y.Count) return false;
            for (int i = 0; i < x.Rows; i++)
                if (!x.ColumnsOfRow(i).SequenceEqual(y.ColumnsOfRow(i)) || !x.LabelsOfRow(i).SequenceEqual(y.LabelsOfRow(i))) return false;
            return true;
        }
        bool SamePool(Core.Simulation.LabelPool x, Core.Simulation.LabelPool y)
        {
            if (x.Rows != y.Rows || x.Count != y.Count) return false;
            for (int i = 0; i < x.Rows; i++) if (!x.LabelsOfRow(i).SequenceEqual(y.LabelsOfRow(i))) return false;
            return true;
        }
        return SameSplit(a.Labeled, b.Labeled) && SameSplit(a.Unlabeled, b.Unlabeled) && SameSplit(a.Test, b.Test)
               && SameMatrix(a.InitialLabels, b.InitialLabels) && SamePool(a.PoolLabeled, b.PoolLabeled)
               && SamePool(a.PoolUnlabeled, b.PoolUnlabeled);
    }
}
