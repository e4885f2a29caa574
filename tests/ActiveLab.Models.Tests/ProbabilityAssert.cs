using ActiveLab.Core;

namespace ActiveLab.Models.Tests;

internal static class ProbabilityAssert
{
    /// <summary>Every row in [0, 1] and summing to 1 (within 1e-9).</summary>
    public static void ValidRows(Matrix proba, int expectedColumns)
    {
        Assert.Equal(expectedColumns, proba.Columns);
        for (int i = 0; i < proba.Rows; i++)
        {
            double sum = 0;
            foreach (double p in proba.ReadRow(i))
            {
                Assert.True(p >= 0 && p <= 1, $"row {i}: probability {p} outside [0, 1]");
                sum += p;
            }
            Assert.True(Math.Abs(sum - 1) < 1e-9, $"row {i}: probabilities sum to {sum:R}");
        }
    }

    public static void Equal(Matrix expected, Matrix actual, double tolerance = 0)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
        for (int i = 0; i < expected.Data.Length; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= tolerance,
                $"[{i / expected.Columns},{i % expected.Columns}]: expected {expected.Data[i]:R}, got {actual.Data[i]:R}");
    }
}
