using System.Globalization;
using System.Text;
using ActiveLab.Core;

namespace ActiveLab.Data;

/// <summary>
/// Reads <c>sensor_readings_4.data(.gz)</c>: CSV without header, CRLF (LF accepted), 5 fields per row — four doubles
/// then the class string (<see cref="WallRobotDataset.ClassNames"/>).
/// </summary>
public static class WallRobotLoader
{
    /// <summary>Relative path of the shipped file inside a data directory.</summary>
    public const string RelativePath = "wall-robot-navigation/sensor_readings_4.data.gz";

    /// <summary>
    /// Finds the file inside <paramref name="dataDir"/>: <c>wall-robot-navigation/sensor_readings_4.data.gz</c>, or
    /// the uncompressed <c>sensor_readings_4.data</c> there or directly in the directory.
    /// </summary>
    /// <exception cref="DataFormatException">None of the candidates exists.</exception>
    public static string Locate(string dataDir)
    {
        string folder = Path.Combine(dataDir, "wall-robot-navigation");
        return DataFile.FirstExisting(
                   Path.Combine(folder, "sensor_readings_4.data.gz"),
                   Path.Combine(folder, "sensor_readings_4.data"),
                   Path.Combine(dataDir, "sensor_readings_4.data.gz"),
                   Path.Combine(dataDir, "sensor_readings_4.data"))
               ?? throw new DataFormatException(Path.Combine(dataDir, RelativePath),
                   "file not found (the Wall Robot data ships in the repository's data/ folder; set the data directory to it)");
    }

    /// <summary>Loads and verifies the file found by <see cref="Locate"/>.</summary>
    public static WallRobotDataset LoadFromDataDir(string dataDir) => Load(Locate(dataDir));

    /// <summary>
    /// Reads the file at <paramref name="path"/> (gzip or plain). Parsing errors name the 1-based line. With
    /// <paramref name="verify"/> (default) the result must then have 5456 rows with class counts 2205/2097/328/826 and
    /// the uncompressed content must have the published SHA-256; otherwise the load fails.
    /// </summary>
    /// <exception cref="DataFormatException">Missing file, wrong field count, non-numeric value, unknown class, or a
    /// failed verification.</exception>
    public static WallRobotDataset Load(string path, bool verify = true)
    {
        byte[] content = DataFile.ReadAllBytes(path);
        var dataset = Parse(content, path);
        if (verify) Verify(dataset, content, path);
        return dataset;
    }

    /// <summary>Parses already decompressed content; <paramref name="path"/> only names the file in errors.</summary>
    public static WallRobotDataset Parse(ReadOnlySpan<byte> content, string path)
    {
        string text = Encoding.UTF8.GetString(content);
        var features = new List<double>(WallRobotDataset.ExpectedRows * WallRobotDataset.NumFeatures);
        var labels = new List<int>(WallRobotDataset.ExpectedRows);
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0) continue; // the trailing newline, if any
            var fields = line.Split(',');
            if (fields.Length != WallRobotDataset.NumFeatures + 1)
                throw new DataFormatException(path,
                    $"expected {WallRobotDataset.NumFeatures + 1} comma-separated fields (4 distances and the class), found {fields.Length}", lineNumber);
            for (int f = 0; f < WallRobotDataset.NumFeatures; f++)
            {
                if (!double.TryParse(fields[f], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                    throw new DataFormatException(path, $"field {f + 1}: '{fields[f]}' is not a finite number", lineNumber);
                features.Add(v);
            }
            string className = fields[WallRobotDataset.NumFeatures].Trim();
            int label = IndexOfClass(className);
            if (label < 0)
                throw new DataFormatException(path,
                    $"unknown class '{className}' (expected one of {string.Join(", ", WallRobotDataset.ClassNames)})", lineNumber);
            labels.Add(label);
        }
        if (labels.Count == 0) throw new DataFormatException(path, "the file has no data rows");
        return new WallRobotDataset(new Matrix(labels.Count, WallRobotDataset.NumFeatures, features.ToArray()), labels.ToArray(), path);
    }

    private static int IndexOfClass(string name)
    {
        for (int c = 0; c < WallRobotDataset.ClassNames.Count; c++)
            if (WallRobotDataset.ClassNames[c] == name) return c;
        return -1;
    }

    private static void Verify(WallRobotDataset dataset, byte[] content, string path)
    {
        if (dataset.Count != WallRobotDataset.ExpectedRows)
            throw new DataFormatException(path,
                $"expected {WallRobotDataset.ExpectedRows} rows, found {dataset.Count}; the file is not the published sensor_readings_4.data");
        int[] counts = dataset.ClassCounts();
        if (!counts.SequenceEqual(WallRobotDataset.ExpectedClassCounts))
            throw new DataFormatException(path,
                $"class counts {string.Join("/", counts)} differ from the published {string.Join("/", WallRobotDataset.ExpectedClassCounts)} " +
                $"({string.Join(", ", WallRobotDataset.ClassNames)})");
        string sha = DataFile.Sha256Hex(content);
        if (sha != WallRobotDataset.ExpectedContentSha256)
            throw new DataFormatException(path,
                $"uncompressed content sha256 {sha} differs from the published {WallRobotDataset.ExpectedContentSha256}; " +
                "the file was modified (rows and class counts match, so values or line endings differ)");
    }
}
