namespace ActiveLab.Cli.Tests;

/// <summary>
/// Malformed input: exit code 2, exactly one stderr line naming file, line and column, and no output file written
/// (an existing output file is left untouched, no temporary file is left behind).
/// </summary>
public sealed class ScoreInputErrorTests
{
    private const string GoodLabels = "ann1,ann2,ann3\n0,1,\n1,,1\n,2,2\n0,0,0\n";
    private const string GoodProbs = "a,b,c\n0.7,0.2,0.1\n0.1,0.8,0.1\n0.1,0.1,0.8\n0.6,0.3,0.1\n";
    private const string GoodUnlabeled = "a,b,c\n0.5,0.25,0.25\n0.2,0.2,0.6\n";

    /// <summary>One malformed case: the three files' contents (null = not written) and the expected error prefix.</summary>
    public sealed record Case(string Name, string? Labels, string? Probs, string? Unlabeled, string File, string Where)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() => new()
    {
        // Missing / empty files.
        new("missing labels file", null, GoodProbs, null, "L.csv", ": file not found"),
        new("missing pred-probs file", GoodLabels, null, null, "P.csv", ": file not found"),
        new("missing unlabeled file", GoodLabels, GoodProbs, null, "Q.csv", ": file not found"),
        new("empty labels file", "", GoodProbs, null, "L.csv", ": file is empty"),
        new("blank pred-probs file", GoodLabels, "\n\n", null, "P.csv", ": file is empty"),
        new("pred-probs header only", GoodLabels, "a,b,c\n", null, "P.csv", ": no data rows"),
        // Headers.
        new("duplicate annotator ids", "ann1,ann2,ann1\n0,1,\n1,,1\n,2,2\n0,0,0\n", GoodProbs, null, "L.csv", " line 1, column \"ann1\": duplicate annotator id"),
        new("empty annotator id", "ann1,,ann3\n0,1,\n1,,1\n,2,2\n0,0,0\n", GoodProbs, null, "L.csv", " line 1, column 2: empty name"),
        new("index column in pred-probs", GoodLabels, ",a,b,c\n0,0.7,0.2,0.1\n", null, "P.csv", " line 1, column 1: empty name"),
        new("single class", GoodLabels, "a\n1\n1\n1\n1\n", null, "P.csv", " line 1: the header has 1 column"),
        new("unlabeled width differs", GoodLabels, GoodProbs, "a,b\n0.5,0.5\n", "Q.csv", " line 1: the header has 2 columns but"),
        new("unlabeled class names differ", GoodLabels, GoodProbs, "a,c,b\n0.5,0.25,0.25\n", "Q.csv", " line 1, column \"c\": class name differs"),
        // Row widths.
        new("labels row too short", "ann1,ann2,ann3\n0,1,\n1,1\n,2,2\n0,0,0\n", GoodProbs, null, "L.csv", " line 3, column \"ann3\": missing value"),
        new("labels row too long", "ann1,ann2,ann3\n0,1,\n1,,1\n,2,2,\n0,0,0\n", GoodProbs, null, "L.csv", " line 4: the row has 4 cells, the header has 3"),
        new("pred-probs row too short", GoodLabels, "a,b,c\n0.7,0.2,0.1\n0.1,0.9\n0.1,0.1,0.8\n0.6,0.3,0.1\n", null, "P.csv", " line 3, column \"c\": missing value"),
        new("blank line inside pred-probs", GoodLabels, "a,b,c\n0.7,0.2,0.1\n\n0.1,0.8,0.1\n0.1,0.1,0.8\n0.6,0.3,0.1\n", null, "P.csv", " line 3, column \"b\": missing value"),
        // Label values.
        new("non-integer label", "ann1,ann2,ann3\n0,1,\n1,,1\n,2,2\n0,x,0\n", GoodProbs, null, "L.csv", " line 5, column \"ann2\": label \"x\" is not an integer"),
        new("fractional label", "ann1,ann2,ann3\n0,1,\n1,,1.5\n,2,2\n0,0,0\n", GoodProbs, null, "L.csv", " line 3, column \"ann3\": label \"1.5\" is not an integer"),
        new("negative label", "ann1,ann2,ann3\n0,1,\n1,,1\n,-1,2\n0,0,0\n", GoodProbs, null, "L.csv", " line 4, column \"ann2\": label \"-1\" is negative"),
        new("label not below K", "ann1,ann2,ann3\n0,1,\n1,,3\n,2,2\n0,0,0\n", GoodProbs, null, "L.csv", " line 3, column \"ann3\": label \"3\" is not a class"),
        // Probability values.
        new("non-numeric probability", GoodLabels, "a,b,c\n0.7,0.2,0.1\n0.1,abc,0.1\n0.1,0.1,0.8\n0.6,0.3,0.1\n", null, "P.csv", " line 3, column \"b\": probability \"abc\" is not a number"),
        new("empty probability", GoodLabels, "a,b,c\n0.7,0.2,0.1\n0.1,0.8,\n0.1,0.1,0.8\n0.6,0.3,0.1\n", null, "P.csv", " line 3, column \"c\": missing probability"),
        new("NaN probability", GoodLabels, "a,b,c\n0.7,0.2,0.1\n0.1,0.8,0.1\nNaN,0.1,0.8\n0.6,0.3,0.1\n", null, "P.csv", " line 4, column \"a\": probability \"NaN\" is not finite"),
        new("infinite probability", GoodLabels, "a,b,c\n0.7,0.2,0.1\n0.1,0.8,0.1\n0.1,0.1,0.8\n0.6,Infinity,0.1\n", null, "P.csv", " line 5, column \"b\": probability \"Infinity\" is not finite"),
        new("negative probability", GoodLabels, "a,b,c\n0.7,0.2,0.1\n-0.1,1.0,0.1\n0.1,0.1,0.8\n0.6,0.3,0.1\n", null, "P.csv", " line 3, column \"a\": probability \"-0.1\" is outside [0, 1]"),
        new("probability above one", GoodLabels, "a,b,c\n1.2,-0.1,-0.1\n0.1,0.8,0.1\n0.1,0.1,0.8\n0.6,0.3,0.1\n", null, "P.csv", " line 2, column \"a\": probability \"1.2\" is outside [0, 1]"),
        new("row not summing to one", GoodLabels, "a,b,c\n0.7,0.2,0.1\n0.1,0.8,0.1\n0.1,0.1,0.7\n0.6,0.3,0.1\n", null, "P.csv", " line 4: probabilities sum to 0.9"),
        new("bad unlabeled probability", GoodLabels, GoodProbs, "a,b,c\n0.5,0.25,0.25\n0.2,0.2,x\n", "Q.csv", " line 3, column \"c\": probability \"x\" is not a number"),
        // Shapes.
        new("fewer label rows than P rows", "ann1,ann2,ann3\n0,1,\n1,,1\n,2,2\n", GoodProbs, null, "L.csv", ": 3 data rows but"),
        new("more label rows than P rows", GoodLabels + "1,1,1\n", GoodProbs, null, "L.csv", ": 5 data rows but"),
        // Line numbers count physical lines, also inside a quoted multi-line header cell.
        new("line numbers after a multi-line header", "\"ann\n1\",ann2,ann3\n0,1,\n1,,1\n,2,2\n0,?,0\n", GoodProbs, null, "L.csv", " line 6, column \"ann2\": label \"?\" is not an integer"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_input_exits_2_with_one_line_and_writes_nothing(Case c)
    {
        using var dir = new TempDir();
        var paths = new Dictionary<string, string>
        {
            ["L.csv"] = dir.File("L.csv"),
            ["P.csv"] = dir.File("P.csv"),
            ["Q.csv"] = dir.File("Q.csv"),
        };
        if (c.Labels is not null) dir.Write("L.csv", c.Labels);
        if (c.Probs is not null) dir.Write("P.csv", c.Probs);
        if (c.Unlabeled is not null) dir.Write("Q.csv", c.Unlabeled);
        bool withUnlabeled = c.Unlabeled is not null || c.File == "Q.csv";
        var args = new List<string> { "score", "--labels", paths["L.csv"], "--pred-probs", paths["P.csv"] };
        if (withUnlabeled) args.AddRange(["--unlabeled-pred-probs", paths["Q.csv"]]);

        foreach (var output in new[] { "S.csv", "S.parquet" })
        {
            var result = Cli.Run([.. args, "--out", dir.File(output)]);

            Assert.Equal(2, result.ExitCode);
            var line = Assert.Single(result.ErrorLines);
            Assert.StartsWith("error: " + paths[c.File] + c.Where, line);
            Assert.DoesNotContain(output, dir.FileNames());
            Assert.DoesNotContain(dir.FileNames(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }

        // An existing output file is not clobbered.
        string existing = dir.Write("S.csv", "keep me\n");
        var again = Cli.Run([.. args, "--out", existing]);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal("keep me\n", File.ReadAllText(existing));
        Assert.DoesNotContain(dir.FileNames(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Integral_decimal_labels_are_accepted_as_pandas_writes_them()
    {
        using var dir = new TempDir();
        string l = dir.Write("L.csv", "ann1,ann2,ann3\n0.0,1.0,\n1.0,,1\n,2,2.0\n0,0,0\n");
        string p = dir.Write("P.csv", GoodProbs);
        var plain = Cli.Run("score", "--labels", dir.Write("L0.csv", GoodLabels), "--pred-probs", p, "--out", dir.File("A.csv"));
        var decimals = Cli.Run("score", "--labels", l, "--pred-probs", p, "--out", dir.File("B.csv"));

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(0, decimals.ExitCode);
        Assert.Equal(File.ReadAllText(dir.File("A.csv")), File.ReadAllText(dir.File("B.csv")));
    }

    [Fact]
    public void Row_without_any_label_is_reported_by_line()
    {
        // Detected by Core (ExampleScoring.Score): the row index maps to its line in L.csv.
        using var dir = new TempDir();
        string l = dir.Write("L.csv", "ann1,ann2,ann3\n0,1,\n1,,1\n,,\n0,0,2\n");
        string p = dir.Write("P.csv", GoodProbs);

        var result = Cli.Run("score", "--labels", l, "--pred-probs", p, "--out", dir.File("S.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {l} line 4", Assert.Single(result.ErrorLines));
        Assert.False(File.Exists(dir.File("S.csv")));
    }

    [Fact]
    public void Annotator_column_without_any_label_is_reported_by_name()
    {
        // Detected by Core (ExampleScoring.Score): the column index maps to its header name in L.csv.
        using var dir = new TempDir();
        string l = dir.Write("L.csv", "ann1,ann2,ann3\n0,1,\n1,1,\n,2,\n0,0,\n");
        string p = dir.Write("P.csv", GoodProbs);

        var result = Cli.Run("score", "--labels", l, "--pred-probs", p, "--out", dir.File("S.csv"));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: {l}", line);
        Assert.Contains("column \"ann3\"", line);
        Assert.False(File.Exists(dir.File("S.csv")));
    }
}
