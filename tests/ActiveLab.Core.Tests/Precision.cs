namespace ActiveLab.Core.Tests;

internal static class Precision
{
    /// <summary>The spec's tolerance for reproducing the original's numbers.</summary>
    public const double Tol = 1e-9;

    public static void Equal(double expected, double actual, string what = "")
    {
        Assert.True(Math.Abs(expected - actual) <= Tol, $"{what}: expected {expected:R}, got {actual:R} (|Δ| = {Math.Abs(expected - actual):E2})");
    }

    public static void Equal(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what = "")
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Equal(expected[i], actual[i], $"{what}[{i}]");
    }

    public static void Equal(Matrix expected, Matrix actual, string what = "")
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Columns, actual.Columns);
        for (int i = 0; i < expected.Data.Length; i++) Equal(expected.Data[i], actual.Data[i], $"{what}[{i / expected.Columns},{i % expected.Columns}]");
    }
}
