using System.Globalization;

namespace ActiveLab.Cluster.Tests;

/// <summary>A data dir holding a user's own dataset: Gaussian blobs in blobs/train.csv and blobs/test.csv.</summary>
internal static class OwnDataFiles
{
    /// <summary>The config section declaring the blobs (labeled 60 of 300 train rows).</summary>
    public const string Section = """
        activelab.datasets.blobs {
          train = "blobs/train.csv"
          test = "blobs/test.csv"
          label-column = label
          labeled = 60
          annotators = 30
          annotator-accuracy = 0.8
          annotations = null
        }
        """;

    /// <summary>A fresh data dir with the two files.</summary>
    public static string DataDir()
    {
        string dir = TestPaths.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "blobs"));
        Write(Path.Combine(dir, "blobs", "train.csv"), 300, seed: 1);
        Write(Path.Combine(dir, "blobs", "test.csv"), 100, seed: 2);
        return dir;
    }

    /// <summary>Three classes (a, b, c) whose centres lie 3 apart along one axis each, unit noise.</summary>
    public static void Write(string path, int rows, int seed)
    {
        var rng = new Random(seed);
        var lines = new List<string> { "x1,x2,x3,label" };
        for (int i = 0; i < rows; i++)
        {
            int c = i % 3;
            var x = Enumerable.Range(0, 3).Select(j => (j == c ? 3.0 : 0.0) + rng.NextDouble() * 2 - 1);
            lines.Add(string.Join(',', x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "," + (char)('a' + c));
        }
        File.WriteAllLines(path, lines);
    }
}
