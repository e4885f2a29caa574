using System.Globalization;
using System.IO.Compression;
using ActiveLab.Core;

namespace ActiveLab.ModelBenchmarks;

/// <summary>Loads the UCI Wall-Following Robot 4-sensor file (gzip CSV: 4 numbers then the class name).</summary>
internal static class WallRobotData
{
    /// <summary>Features (5456 × 4) and labels (class index = alphabetical order of the class names).</summary>
    public static (Matrix X, int[] Y, string[] ClassNames) Load(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var rows = new List<double[]>();
        var names = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var parts = line.Split(',');
            rows.Add([.. parts.Take(4).Select(s => double.Parse(s, CultureInfo.InvariantCulture))]);
            names.Add(parts[4].Trim());
        }
        var classNames = names.Distinct().Order(StringComparer.Ordinal).ToArray();
        var y = names.Select(n => Array.IndexOf(classNames, n)).ToArray();
        return (Matrix.FromRows(rows), y, classNames);
    }

    /// <summary>The data file: $ACTIVELAB_DATA_DIR or ../shared/data (from the repository root), or null.</summary>
    public static string? Locate()
    {
        const string relative = "wall-robot-navigation/sensor_readings_4.data.gz";
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("ACTIVELAB_DATA_DIR") is { Length: > 0 } dir) candidates.Add(Path.Combine(dir, relative));
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "ActiveLab.Cluster.sln")))
                candidates.Add(Path.Combine(d.FullName, "..", "shared", "data", relative));
        }
        candidates.Add(Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "data", relative));
        return candidates.FirstOrDefault(File.Exists);
    }
}
