namespace ActiveLab.Data.Tests;

/// <summary>
/// Every bad input of an own dataset is a <see cref="DataFormatException"/> whose one-line message names the file and,
/// where the problem is one cell, its line/row and column.
/// </summary>
public class OwnDatasetBadInputTests
{
    /// <summary>train.csv: 60 rows of x1,x2,x3,label (classes a, b, c); test.csv: 30 rows; labeled = 20.</summary>
    private sealed class Files
    {
        public string Dir { get; } = TestData.TempDir();
        public BlobTable Train { get; } = BlobTable.Generate(60, seed: 1);
        public BlobTable Test { get; set; } = BlobTable.Generate(30, seed: 2);
        public int Labeled { get; set; } = 20;
        public string? Annotations { get; set; }

        public BenchmarkData Build()
        {
            Train.WriteCsv(Dir, "d/train.csv");
            Test.WriteCsv(Dir, "d/test.csv");
            return OwnDataset.Build(new OwnDatasetDefinition("d", "d/train.csv", "d/test.csv", "label", Labeled, Annotations: Annotations), Dir);
        }

        public void WriteAnnotations(IEnumerable<string> lines)
        {
            Directory.CreateDirectory(Path.Combine(Dir, "d"));
            File.WriteAllLines(Path.Combine(Dir, "d", "ann.csv"), lines);
            Annotations = "d/ann.csv";
        }
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "feature-not-a-number", "d/train.csv: line 5 (row 4), column 'x2': 'abc' is not a number" },
        { "feature-missing", "d/train.csv: line 5 (row 4), column 'x2': missing value" },
        { "feature-nan", "d/train.csv: line 5 (row 4), column 'x2': 'NaN' is not a finite number" },
        { "feature-infinite", "d/test.csv: line 3 (row 2), column 'x1': 'Infinity' is not a finite number" },
        { "label-missing-cell", "d/train.csv: line 8 (row 7), column 'label': missing label" },
        { "no-label-column", "d/train.csv: no label column 'label' (columns: x1, x2, x3, class)" },
        { "test-without-label-column", "d/test.csv: no label column 'label'" },
        { "test-extra-column", "d/test.csv: column 'x9' is not a column of d/train.csv" },
        { "test-missing-column", "d/test.csv: column 'x3' of d/train.csv is missing" },
        { "test-unseen-class", "d/test.csv: line 4 (row 3), column 'label': class 'z' never appears in d/train.csv (classes: a, b, c)" },
        { "labeled-too-many", "d/train.csv: activelab.datasets.d.labeled = 60, but the file has 60 rows" },
        { "labeled-fewer-than-classes", "d/train.csv: activelab.datasets.d.labeled = 2 is fewer than the 3 classes" },
        { "one-class", "d/train.csv: column 'label' holds one class ('a')" },
        { "empty-file", "d/test.csv: empty file" },
        { "header-only", "d/test.csv: empty file: a header but no data rows" },
        { "short-row", "d/train.csv: line 3 (row 2): 3 fields, the header has 4" },
        { "missing-file", "d/gone.csv: file not found" },
        { "annotations-row-count", "d/ann.csv: 59 rows, but d/train.csv has 60" },
        { "annotations-not-a-class", "d/ann.csv: line 6 (row 5), column 'ann2': 'q' is not a class of d/train.csv" },
        { "annotations-empty-row", "d/ann.csv: line 3 (row 2): the row has no annotation" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_names_file_row_and_column(string name, string expected)
    {
        var f = new Files();
        switch (name)
        {
            case "feature-not-a-number": f.Train.Rows[3][1] = "abc"; break;
            case "feature-missing": f.Train.Rows[3][1] = ""; break;
            case "feature-nan": f.Train.Rows[3][1] = "NaN"; break;
            case "feature-infinite": f.Test.Rows[1][0] = "Infinity"; break;
            case "label-missing-cell": f.Train.Rows[6][3] = ""; break;
            case "no-label-column": f.Train.Columns[3] = "class"; break;
            case "test-without-label-column": f.Test.Columns[3] = "y"; break;
            case "test-extra-column": f.Test.Columns[2] = "x9"; break;
            case "test-missing-column":
                f.Test = new BlobTable(["x1", "x2", "label"], f.Test.Rows.Select(r => new[] { r[0], r[1], r[3] }).ToList());
                break;
            case "test-unseen-class": f.Test.Rows[2][3] = "z"; break;
            case "labeled-too-many": f.Labeled = 60; break;
            case "labeled-fewer-than-classes": f.Labeled = 2; break;
            case "one-class": foreach (var r in f.Train.Rows) r[3] = "a"; break;
            case "empty-file":
                f.Train.WriteCsv(f.Dir, "d/train.csv");
                File.WriteAllText(Path.Combine(f.Dir, "d", "test.csv"), "");
                AssertMessage(() => OwnDataset.Build(new OwnDatasetDefinition("d", "d/train.csv", "d/test.csv", "label", 20), f.Dir), expected);
                return;
            case "header-only": f.Test.Rows.Clear(); break;
            case "short-row": f.Train.Rows[1] = ["1", "2", "a"]; break;
            case "missing-file":
                f.Train.WriteCsv(f.Dir, "d/train.csv");
                AssertMessage(() => OwnDataset.Build(new OwnDatasetDefinition("d", "d/train.csv", "d/gone.csv", "label", 20), f.Dir), expected);
                return;
            case "annotations-row-count": f.WriteAnnotations(["ann1,ann2", .. Enumerable.Repeat("a,b", 59)]); break;
            case "annotations-not-a-class": f.WriteAnnotations(["ann1,ann2", .. Enumerable.Range(0, 60).Select(i => i == 4 ? "a,q" : "a,b")]); break;
            case "annotations-empty-row": f.WriteAnnotations(["ann1,ann2", .. Enumerable.Range(0, 60).Select(i => i == 1 ? "," : "a,")]); break;
            default: throw new ArgumentException(name);
        }
        AssertMessage(() => f.Build(), expected);
    }

    private static void AssertMessage(Func<BenchmarkData> build, string expected)
    {
        var e = Assert.Throws<DataFormatException>(() => build());
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
