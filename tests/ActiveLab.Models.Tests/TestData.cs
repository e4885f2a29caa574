using System.Globalization;
using System.IO.Compression;
using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.Tests;

/// <summary>Synthetic problems and the Wall Robot file for the model tests.</summary>
internal static class TestData
{
    private const string WallRobotRelative = "wall-robot-navigation/sensor_readings_4.data.gz";
    private static readonly Lazy<(Matrix X, int[] Y)?> WallRobotCache = new(LoadWallRobot);

    public const string WallRobotSkipReason =
        "Wall Robot data not found: it ships in data/wall-robot-navigation/; or set ACTIVELAB_DATA_DIR to a folder with wall-robot-navigation/";

    /// <summary>
    /// K well-separated Gaussian blobs in F dimensions: class c is centred at 4·e_(c mod F) + 4·(c div F)·1 with
    /// unit-variance noise scaled by <paramref name="spread"/>. Labels are balanced (i mod K), rows shuffled.
    /// </summary>
    public static (Matrix X, int[] Y) Blobs(int n, int features, int classes, ulong seed, double spread = 0.5)
    {
        var rng = new Rng(seed);
        var x = new Matrix(n, features);
        var y = new int[n];
        var order = rng.Permutation(n);
        for (int i = 0; i < n; i++)
        {
            int c = order[i] % classes;
            y[i] = c;
            for (int j = 0; j < features; j++)
            {
                double centre = (j == c % features ? 4.0 : 0.0) + 4.0 * (c / features);
                x[i, j] = centre + spread * Gaussian(rng);
            }
        }
        return (x, y);
    }

    public static double Gaussian(Rng rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Rows of (x, y) at the given indices.</summary>
    public static (Matrix X, int[] Y) Subset(Matrix x, int[] y, ReadOnlySpan<int> rows)
    {
        var labels = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) labels[i] = y[rows[i]];
        return (x.SelectRows(rows), labels);
    }

    /// <summary>The shared data folder's Wall Robot file, or null: $ACTIVELAB_DATA_DIR, else ../shared/data next to the repository root.</summary>
    public static string? WallRobotPath
    {
        get
        {
            var candidates = new List<string>();
            if (Environment.GetEnvironmentVariable("ACTIVELAB_DATA_DIR") is { Length: > 0 } env)
                candidates.Add(Path.Combine(env, WallRobotRelative));
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ActiveLab.Cluster.sln")))
                {
                    // The file ships in the repository's data/ folder; ../shared/data is the team's data folder.
                    candidates.Add(Path.Combine(dir.FullName, "data", WallRobotRelative));
                    candidates.Add(Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", WallRobotRelative)));
                    break;
                }
            }
            return candidates.FirstOrDefault(File.Exists);
        }
    }

    /// <summary>The 5456 × 4 Wall Robot features and labels (class index = alphabetical order of the names).</summary>
    public static (Matrix X, int[] Y) WallRobot =>
        WallRobotCache.Value ?? throw new InvalidOperationException(WallRobotSkipReason);

    private static (Matrix X, int[] Y)? LoadWallRobot()
    {
        if (WallRobotPath is not { } path) return null;
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var rows = new List<double[]>();
        var names = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0) continue;
            var parts = line.Trim().Split(',');
            rows.Add([.. parts.Take(4).Select(s => double.Parse(s, CultureInfo.InvariantCulture))]);
            names.Add(parts[4]);
        }
        var classes = names.Distinct().Order(StringComparer.Ordinal).ToArray();
        return (Matrix.FromRows(rows), [.. names.Select(n => Array.IndexOf(classes, n))]);
    }
}

/// <summary>A fact reported as skipped, with the reason, when the Wall Robot file is not available.</summary>
public sealed class WallRobotFactAttribute : FactAttribute
{
    public WallRobotFactAttribute()
    {
        if (TestData.WallRobotPath is null) Skip = TestData.WallRobotSkipReason;
    }
}
