namespace ActiveLab.Data;

/// <summary>
/// The aggregate CIFAR-10H label counts: for every CIFAR-10 test image, how many annotators chose each class
/// (no annotator identity). Read from <c>cifar10h-counts.csv</c> (header <c>index,airplane,...,truck</c>, rows
/// <c>i,c0,...,c9</c>) or <c>cifar10h-counts.npy</c> / <c>.npy.gz</c> (int64 or float64, shape (N, 10)).
/// </summary>
public static class Cifar10hCounts
{
    /// <summary>Reads the counts: an N × 10 array indexed [image, class] (N = 10000 for the real file).</summary>
    /// <exception cref="DataFormatException">Missing file, wrong header or column count, non-integer or negative count,
    /// an image without any label, out-of-order index, bad NPY shape.</exception>
    public static int[,] Read(string path)
    {
        string lower = path.ToLowerInvariant();
        return lower.EndsWith(".npy") || lower.EndsWith(".npy.gz") ? ReadNpy(path) : ReadCsv(path);
    }

    private static int[,] ReadCsv(string path)
    {
        using var table = TextTable.Open(path);
        var header = table.NextRow() ?? throw new DataFormatException(path, "the file is empty (expected a header line)");
        int width = CifarClasses.Count + 1;
        if (header.Count != width || header[0] != "index")
            throw table.Error($"expected the header 'index,{string.Join(",", CifarClasses.Names)}', found '{string.Join(",", header)}'");
        var rows = new List<int[]>(CifarClasses.TestImages);
        while (table.NextRow() is List<string> row)
        {
            table.RequireFieldCount(row, width);
            long index = table.ParseInteger(row[0], "index");
            if (index != rows.Count) throw table.Error($"column 'index': expected {rows.Count}, found {index}");
            var counts = new int[CifarClasses.Count];
            for (int c = 0; c < counts.Length; c++)
            {
                long v = table.ParseInteger(row[c + 1], header[c + 1]);
                if (v < 0 || v > int.MaxValue) throw table.Error($"column '{header[c + 1]}': count {v} is negative or too large");
                counts[c] = (int)v;
            }
            if (counts.Sum() == 0) throw table.Error($"image {index} has no label at all");
            rows.Add(counts);
        }
        if (rows.Count == 0) throw new DataFormatException(path, "the file has no data rows");
        var result = new int[rows.Count, CifarClasses.Count];
        for (int i = 0; i < rows.Count; i++)
            for (int c = 0; c < CifarClasses.Count; c++) result[i, c] = rows[i][c];
        return result;
    }

    private static int[,] ReadNpy(string path)
    {
        var array = NpyReader.Read(path);
        if (array.Shape.Length != 2 || array.Shape[1] != CifarClasses.Count)
            throw new DataFormatException(path, $"expected shape (N, {CifarClasses.Count}), found ({string.Join(", ", array.Shape)})");
        int[] flat = array.ToInt32s();
        int n = array.Shape[0];
        var result = new int[n, CifarClasses.Count];
        for (int i = 0; i < n; i++)
        {
            int sum = 0;
            for (int c = 0; c < CifarClasses.Count; c++)
            {
                int v = flat[i * CifarClasses.Count + c];
                if (v < 0) throw new DataFormatException(path, $"count at (row {i}, column {c}) = {v} is negative");
                result[i, c] = v;
                sum += v;
            }
            if (sum == 0) throw new DataFormatException(path, $"image {i} has no label at all");
        }
        return result;
    }
}
