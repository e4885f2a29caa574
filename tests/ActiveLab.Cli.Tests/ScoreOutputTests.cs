using System.Globalization;
using ActiveLab.Core.Scoring;
using Parquet;
using Parquet.Schema;

namespace ActiveLab.Cli.Tests;

/// <summary><c>activelab score</c> on valid input: the output table equals Core's scores, in CSV and in Parquet.</summary>
public sealed class ScoreOutputTests
{
    private static readonly string[] Header =
        ["pool", "index", "consensus_label", "consensus_quality_score", "annotator_agreement", "active_learning_score"];

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The CSV output split into cells (the output never quotes).</summary>
    private static string[][] ReadCsv(string path)
    {
        string text = File.ReadAllText(path);
        Assert.EndsWith("\n", text);
        Assert.DoesNotContain("\r", text);
        return text.TrimEnd('\n').Split('\n').Select(line => line.Split(',')).ToArray();
    }

    /// <summary>Asserts the CSV rows are exactly Core's scores (doubles compared as round-trip strings and values).</summary>
    private static void AssertCsvEqualsCore(string[][] lines, ExampleScores expected, int n, int nUnlabeled)
    {
        Assert.Equal(Header, lines[0]);
        Assert.Equal(1 + n + nUnlabeled, lines.Length);
        for (int i = 0; i < n; i++)
        {
            var cells = lines[1 + i];
            Assert.Equal(
                ["labeled", i.ToString(CultureInfo.InvariantCulture), expected.ConsensusLabel[i].ToString(CultureInfo.InvariantCulture),
                 R(expected.ConsensusQualityScore[i]), R(expected.AnnotatorAgreement[i]), R(expected.ActiveLearningScores[i])],
                cells);
            Assert.Equal(expected.ConsensusQualityScore[i], double.Parse(cells[3], CultureInfo.InvariantCulture));
            Assert.Equal(expected.AnnotatorAgreement[i], double.Parse(cells[4], CultureInfo.InvariantCulture));
            Assert.Equal(expected.ActiveLearningScores[i], double.Parse(cells[5], CultureInfo.InvariantCulture));
        }
        for (int j = 0; j < nUnlabeled; j++)
        {
            var cells = lines[1 + n + j];
            Assert.Equal(["unlabeled", j.ToString(CultureInfo.InvariantCulture), "", "", "", R(expected.ActiveLearningScoresUnlabeled[j])], cells);
            Assert.Equal(expected.ActiveLearningScoresUnlabeled[j], double.Parse(cells[5], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Csv_output_has_labeled_then_unlabeled_rows_equal_to_Core()
    {
        using var dir = new TempDir();
        var data = Dataset.Random(seed: 1);
        var (l, p, q) = data.WriteTo(dir);
        var expected = ExampleScoring.Score(data.LabelMatrix(), data.PredProbsMatrix(), data.UnlabeledMatrix(), new ScoreOptions());

        var result = Cli.Run("score", "--labels", l, "--pred-probs", p, "--unlabeled-pred-probs", q!, "--out", dir.File("S.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("17 rows (12 labeled, 5 unlabeled)", result.Out);
        AssertCsvEqualsCore(ReadCsv(dir.File("S.csv")), expected, 12, 5);
        Assert.Equal(["L.csv", "P.csv", "Q.csv", "S.csv"], dir.FileNames());
    }

    [Fact]
    public void Csv_output_without_unlabeled_file_has_only_labeled_rows()
    {
        using var dir = new TempDir();
        var data = Dataset.Random(seed: 2, nUnlabeled: 0);
        var (l, p, _) = data.WriteTo(dir);
        var expected = ExampleScoring.Score(data.LabelMatrix(), data.PredProbsMatrix(), null, new ScoreOptions());

        var result = Cli.Run("score", "--labels", l, "--pred-probs", p, "--out", dir.File("S.csv"));

        Assert.Equal(0, result.ExitCode);
        AssertCsvEqualsCore(ReadCsv(dir.File("S.csv")), expected, 12, 0);
    }

    [Fact]
    public void Benchmark_variant_options_reach_Core()
    {
        using var dir = new TempDir();
        var data = Dataset.Random(seed: 3);
        var (l, p, q) = data.WriteTo(dir);
        var options = new ScoreOptions(ScoreVariant.Benchmark, Round: 1, RowWeightBug: false, TieBreakSeed: 7);
        var expected = ExampleScoring.Score(data.LabelMatrix(), data.PredProbsMatrix(), data.UnlabeledMatrix(), options);

        var result = Cli.Run("score", "--labels", l, "--pred-probs", p, "--unlabeled-pred-probs", q!, "--out", dir.File("S.csv"),
            "--variant", "benchmark", "--round", "1", "--per-row-weights", "--seed", "7");

        Assert.Equal(0, result.ExitCode);
        AssertCsvEqualsCore(ReadCsv(dir.File("S.csv")), expected, 12, 5);
    }

    [Fact]
    public void Single_annotator_column_is_valid_input()
    {
        using var dir = new TempDir();
        var data = Dataset.SingleAnnotator(seed: 4);
        var (l, p, q) = data.WriteTo(dir);
        var expected = ExampleScoring.Score(data.LabelMatrix(), data.PredProbsMatrix(), data.UnlabeledMatrix(), new ScoreOptions());
        Assert.True(expected.SingleAnnotatorBranch);

        var result = Cli.Run("score", "--labels", l, "--pred-probs", p, "--unlabeled-pred-probs", q!, "--out", dir.File("S.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        AssertCsvEqualsCore(ReadCsv(dir.File("S.csv")), expected, 10, 3);
    }

    [Fact]
    public void Crlf_bom_quotes_whitespace_and_trailing_blank_lines_read_like_plain_csv()
    {
        using var dir = new TempDir();
        var data = Dataset.Random(seed: 5);
        var (l, p, q) = data.WriteTo(dir);
        string Decorate(string csv) =>
            "\uFEFF" + string.Join("\r\n", csv.TrimEnd('\n').Split('\n').Select(line =>
                string.Join(',', line.Split(',').Select((cell, c) => c == 0 && cell.Length > 0 ? $"\"{cell}\"" : cell.Length > 0 ? " " + cell : cell))))
            + "\r\n\r\n";
        string l2 = dir.Write("L2.csv", Decorate(data.LabelsCsv()));
        string p2 = dir.Write("P2.csv", Decorate(data.PredProbsCsv()));
        string q2 = dir.Write("Q2.csv", Decorate(data.UnlabeledCsv()));

        var plain = Cli.Run("score", "--labels", l, "--pred-probs", p, "--unlabeled-pred-probs", q!, "--out", dir.File("S1.csv"));
        var decorated = Cli.Run("score", "--labels", l2, "--pred-probs", p2, "--unlabeled-pred-probs", q2, "--out", dir.File("S2.csv"));

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal("", decorated.Error);
        Assert.Equal(0, decorated.ExitCode);
        Assert.Equal(File.ReadAllText(dir.File("S1.csv")), File.ReadAllText(dir.File("S2.csv")));
    }

    [Fact]
    public async Task Parquet_output_has_plain_types_and_the_same_values()
    {
        using var dir = new TempDir();
        var data = Dataset.Random(seed: 6);
        var (l, p, q) = data.WriteTo(dir);
        var expected = ExampleScoring.Score(data.LabelMatrix(), data.PredProbsMatrix(), data.UnlabeledMatrix(), new ScoreOptions());

        var result = Cli.Run("score", "--labels", l, "--pred-probs", p, "--unlabeled-pred-probs", q!, "--out", dir.File("S.parquet"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(parquet)", result.Out);

        await using var stream = File.OpenRead(dir.File("S.parquet"));
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.DataFields;
        Assert.Equal(Header, fields.Select(f => f.Name));
        // Parquet.Net 6 reads UTF-8 strings as ReadOnlyMemory<char> by default; the other columns are plain CLR types.
        Assert.Equal([typeof(ReadOnlyMemory<char>), typeof(int), typeof(int), typeof(double), typeof(double), typeof(double)], fields.Select(f => f.ClrType));
        Assert.Equal([false, false, true, true, true, false], fields.Select(f => f.IsNullable));
        // What other readers (pyarrow, pandas, DuckDB) see: the physical types in the file's schema.
        var columns = reader.Metadata!.Schema.Skip(1).ToArray();
        Assert.Equal(Header, columns.Select(e => e.Name));
        Assert.Equal([Parquet.Meta.Type.BYTE_ARRAY, Parquet.Meta.Type.INT32, Parquet.Meta.Type.INT32, Parquet.Meta.Type.DOUBLE, Parquet.Meta.Type.DOUBLE, Parquet.Meta.Type.DOUBLE],
            columns.Select(e => e.Type!.Value));
        Assert.Equal(Parquet.Meta.ConvertedType.UTF8, columns[0].ConvertedType);
        const Parquet.Meta.FieldRepetitionType Required = Parquet.Meta.FieldRepetitionType.REQUIRED, Optional = Parquet.Meta.FieldRepetitionType.OPTIONAL;
        Assert.Equal([Required, Required, Optional, Optional, Optional, Required], columns.Select(e => e.RepetitionType!.Value));
        Assert.Equal(1, reader.RowGroupCount);

        using var group = reader.OpenRowGroupReader(0);
        int rows = checked((int)group.RowCount);
        Assert.Equal(17, rows);
        var pool = new string?[rows];
        var index = new int[rows];
        var label = new int?[rows];
        var quality = new double?[rows];
        var agreement = new double?[rows];
        var score = new double[rows];
        await group.ReadAsync(fields[0], pool.AsMemory());
        await group.ReadAsync<int>(fields[1], index.AsMemory());
        await group.ReadAsync<int>(fields[2], label.AsMemory());
        await group.ReadAsync<double>(fields[3], quality.AsMemory());
        await group.ReadAsync<double>(fields[4], agreement.AsMemory());
        await group.ReadAsync<double>(fields[5], score.AsMemory());

        for (int i = 0; i < 12; i++)
        {
            Assert.Equal("labeled", pool[i]);
            Assert.Equal(i, index[i]);
            Assert.Equal(expected.ConsensusLabel[i], label[i]);
            Assert.Equal(expected.ConsensusQualityScore[i], quality[i]);
            Assert.Equal(expected.AnnotatorAgreement[i], agreement[i]);
            Assert.Equal(expected.ActiveLearningScores[i], score[i]);
        }
        for (int j = 0; j < 5; j++)
        {
            Assert.Equal("unlabeled", pool[12 + j]);
            Assert.Equal(j, index[12 + j]);
            Assert.Null(label[12 + j]);
            Assert.Null(quality[12 + j]);
            Assert.Null(agreement[12 + j]);
            Assert.Equal(expected.ActiveLearningScoresUnlabeled[j], score[12 + j]);
        }
    }

    [Fact]
    public void Format_option_overrides_the_extension()
    {
        using var dir = new TempDir();
        var data = Dataset.Random(seed: 7);
        var (l, p, q) = data.WriteTo(dir);

        var asParquet = Cli.Run("score", "--labels", l, "--pred-probs", p, "--out", dir.File("S.dat"), "--format", "parquet");
        var asCsv = Cli.Run("score", "--labels", l, "--pred-probs", p, "--out", dir.File("S.parquet"), "--format", "CSV");
        var byDefault = Cli.Run("score", "--labels", l, "--pred-probs", p, "--out", dir.File("S.txt"));

        Assert.Equal(0, asParquet.ExitCode);
        Assert.Equal(0, asCsv.ExitCode);
        Assert.Equal(0, byDefault.ExitCode);
        var bytes = File.ReadAllBytes(dir.File("S.dat"));
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
        Assert.Equal("PAR1"u8.ToArray(), bytes[^4..]);
        Assert.StartsWith("pool,index,", File.ReadAllText(dir.File("S.parquet")));
        Assert.StartsWith("pool,index,", File.ReadAllText(dir.File("S.txt")));
    }

    [Fact]
    public void Existing_output_is_replaced_on_success()
    {
        using var dir = new TempDir();
        var data = Dataset.Random(seed: 8, nUnlabeled: 0);
        var (l, p, _) = data.WriteTo(dir);
        string output = dir.Write("S.csv", "old content\n");

        var result = Cli.Run("score", "--labels", l, "--pred-probs", p, "--out", output);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("pool,index,", File.ReadAllText(output));
        Assert.Equal(["L.csv", "P.csv", "S.csv"], dir.FileNames());
    }

    [Fact]
    public void Example_under_examples_score_runs()
    {
        using var dir = new TempDir();
        string example = Path.Combine(Repo.Root, "examples", "score");
        foreach (var name in new[] { "labels.csv", "pred_probs.csv", "unlabeled_pred_probs.csv" })
            File.Copy(Path.Combine(example, name), dir.File(name));

        var result = Cli.Run("score", "--labels", dir.File("labels.csv"), "--pred-probs", dir.File("pred_probs.csv"),
            "--unlabeled-pred-probs", dir.File("unlabeled_pred_probs.csv"), "--out", dir.File("scores.csv"));

        Assert.Equal("", result.Error);
        Assert.Equal(0, result.ExitCode);
        var lines = ReadCsv(dir.File("scores.csv"));
        Assert.Equal(Header, lines[0]);
        Assert.Equal(12, lines.Count(c => c[0] == "labeled"));
        Assert.Equal(5, lines.Count(c => c[0] == "unlabeled"));
    }

    [Fact]
    public void Help_documents_the_unlabeled_rows()
    {
        var result = Cli.Run("score", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--unlabeled-pred-probs", result.Out);
        Assert.Contains("--per-row-weights", result.Out);
        Assert.Contains("left empty", result.Out);
    }
}
