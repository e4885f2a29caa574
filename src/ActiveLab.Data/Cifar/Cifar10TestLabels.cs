namespace ActiveLab.Data;

/// <summary>
/// Reads <c>cifar10-test/cifar10_test_labels.csv</c>: header <c>index,label,...</c>, then one row per test image with
/// index = row number 0..N−1 and label 0..9.
/// </summary>
public static class Cifar10TestLabels
{
    /// <summary>True labels in test order (length N, 10000 for the shared file).</summary>
    /// <exception cref="DataFormatException">Missing file or columns, wrong column count, non-integer or out-of-order index, label outside 0..9.</exception>
    public static int[] Read(string path)
    {
        using var table = TextTable.Open(path);
        var header = table.NextRow() ?? throw new DataFormatException(path, "the file is empty (expected a header line)");
        int indexColumn = header.IndexOf("index"), labelColumn = header.IndexOf("label");
        if (indexColumn < 0 || labelColumn < 0)
            throw table.Error($"the header needs columns 'index' and 'label', found: {string.Join(",", header)}");
        var labels = new List<int>(CifarClasses.TestImages);
        while (table.NextRow() is List<string> row)
        {
            table.RequireFieldCount(row, header.Count);
            long index = table.ParseInteger(row[indexColumn], "index");
            if (index != labels.Count) throw table.Error($"column 'index': expected {labels.Count}, found {index}");
            long label = table.ParseInteger(row[labelColumn], "label");
            if (label < 0 || label >= CifarClasses.Count)
                throw table.Error($"column 'label': {label} is outside 0..{CifarClasses.Count - 1}");
            labels.Add((int)label);
        }
        if (labels.Count == 0) throw new DataFormatException(path, "the file has no data rows");
        return labels.ToArray();
    }
}
