using ActiveLab.Core;

namespace ActiveLab.Data;

/// <summary>
/// Reads the raw per-annotator CIFAR-10H file <c>cifar10h-raw.csv</c> (github.com/jcpeterson/cifar-10h; not in the shared
/// data, used when a user puts it in the data directory) into the 10000 × 2571 label matrix of spec §1.6.
/// </summary>
public static class Cifar10hRawLabels
{
    /// <summary>Value of <c>cifar10_test_test_idx</c> on attention-check trials, which are dropped.</summary>
    public const long AttentionCheckIndex = -99999;

    /// <summary>
    /// Reads the file: columns are found by header name — <c>annotator_id</c>, <c>chosen_label</c>,
    /// <c>cifar10_test_test_idx</c> (the README's <c>cifar10_test_set_idx</c> is accepted too); other columns are ignored.
    /// Rows whose image index is −99999 (attention checks) are dropped. Result: rows = CIFAR-10 test index
    /// (<paramref name="images"/> rows), column = annotator_id (max id + 1 columns), value = chosen_label.
    /// </summary>
    /// <exception cref="DataFormatException">Missing file or column, wrong column count, non-integer value, label outside
    /// 0..9, image index outside 0..images−1, negative annotator id, or an annotator labeling one image twice.</exception>
    public static LabelMatrix Read(string path, int images = CifarClasses.TestImages)
    {
        using var table = TextTable.Open(path);
        var header = table.NextRow() ?? throw new DataFormatException(path, "the file is empty (expected a header line)");
        int annotatorColumn = Require(table, header, "annotator_id");
        int labelColumn = Require(table, header, "chosen_label");
        int imageColumn = header.IndexOf("cifar10_test_test_idx");
        if (imageColumn < 0) imageColumn = header.IndexOf("cifar10_test_set_idx");
        if (imageColumn < 0) throw table.Error("the header has no column 'cifar10_test_test_idx' (nor 'cifar10_test_set_idx')");

        var entries = new List<(int Image, int Annotator, int Label, long Line)>(520_000);
        int maxAnnotator = -1;
        while (table.NextRow() is List<string> row)
        {
            table.RequireFieldCount(row, header.Count);
            long image = table.ParseInteger(row[imageColumn], header[imageColumn]);
            if (image == AttentionCheckIndex) continue;
            if (image < 0 || image >= images)
                throw table.Error($"column '{header[imageColumn]}': image index {image} is outside 0..{images - 1}");
            long annotator = table.ParseInteger(row[annotatorColumn], "annotator_id");
            if (annotator < 0 || annotator > 1_000_000) throw table.Error($"column 'annotator_id': {annotator} is not a valid id");
            long label = table.ParseInteger(row[labelColumn], "chosen_label");
            if (label < 0 || label >= CifarClasses.Count)
                throw table.Error($"column 'chosen_label': {label} is outside 0..{CifarClasses.Count - 1}");
            entries.Add(((int)image, (int)annotator, (int)label, table.LineNumber));
            maxAnnotator = Math.Max(maxAnnotator, (int)annotator);
        }
        if (entries.Count == 0) throw new DataFormatException(path, "the file has no labels (after dropping attention checks)");

        entries.Sort((a, b) => a.Image != b.Image ? a.Image.CompareTo(b.Image) : a.Annotator.CompareTo(b.Annotator));
        var builder = new LabelMatrix.Builder(images, maxAnnotator + 1);
        for (int e = 0; e < entries.Count; e++)
        {
            var x = entries[e];
            if (e > 0 && entries[e - 1].Image == x.Image && entries[e - 1].Annotator == x.Annotator)
                throw new DataFormatException(path, $"annotator {x.Annotator} labels image {x.Image} twice", x.Line);
            builder.Add(x.Image, x.Annotator, x.Label);
        }
        return builder.Build();
    }

    private static int Require(TextTable table, List<string> header, string column)
    {
        int index = header.IndexOf(column);
        if (index < 0) throw table.Error($"the header has no column '{column}'");
        return index;
    }
}
