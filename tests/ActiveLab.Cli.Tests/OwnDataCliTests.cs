using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace ActiveLab.Cli.Tests;

/// <summary>
/// A user's own data through the commands a user runs: two files and ten lines of config give <c>dataset</c>,
/// <c>run</c> and <c>report</c>; every bad input exits 2 with one line and writes nothing.
/// </summary>
public class OwnDataCliTests
{
    /// <summary>A work folder with data/blobs/{train,test}.{csv,parquet} and study.conf naming blobs (and results/ as results-dir).</summary>
    private sealed class Study : IDisposable
    {
        private readonly TempDir _dir = new();

        public Study(string trainFile = "blobs/train.csv", string testFile = "blobs/test.csv", int labeled = 60, string extra = "")
        {
            Directory.CreateDirectory(DataDir + "/blobs");
            WriteCsv("blobs/train.csv", Blobs(240, 1));
            WriteCsv("blobs/test.csv", Blobs(90, 2));
            Config = _dir.Write("study.conf", $$"""
                activelab.sweep {
                  name = blobs-study
                  datasets = [blobs]
                  methods = [random, crowdlab]
                  models = [knn]
                  rounds = 3
                  batch-size = 20
                  data-dir = "{{DataDir}}"
                  results-dir = "{{_dir.File("results")}}"
                }
                activelab.datasets.blobs {
                  train = "{{trainFile}}"
                  test = "{{testFile}}"
                  label-column = label
                  labeled = {{labeled}}
                  annotator-accuracy = 0.8
                  {{extra}}
                }
                """);
        }

        public string Path => _dir.Path;
        public string DataDir => _dir.File("data");
        public string Config { get; }
        public string SweepDir => _dir.File("results/blobs-study");

        public static List<string[]> Blobs(int n, int seed)
        {
            var rng = new Random(seed);
            var rows = new List<string[]> { new[] { "x1", "x2", "label" } };
            for (int i = 0; i < n; i++)
            {
                int c = i % 3;
                double x1 = (c == 1 ? 3 : 0) + rng.NextDouble() * 2 - 1, x2 = (c == 2 ? 3 : 0) + rng.NextDouble() * 2 - 1;
                rows.Add([x1.ToString("R", CultureInfo.InvariantCulture), x2.ToString("R", CultureInfo.InvariantCulture), $"class-{c}"]);
            }
            return rows;
        }

        public void WriteCsv(string relative, IEnumerable<string[]> rows) =>
            File.WriteAllLines(System.IO.Path.Combine(DataDir, relative), rows.Select(r => string.Join(',', r)));

        public async Task WriteParquetAsync(string relative, List<string[]> rows)
        {
            var fields = new DataField[] { new DataField<double>("x1"), new DataField<double>("x2"), new DataField<string>("label") };
            await using var stream = File.Create(System.IO.Path.Combine(DataDir, relative));
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
            using var group = writer.CreateRowGroup();
            for (int c = 0; c < 2; c++)
                await group.WriteAsync<double>(fields[c], rows.Skip(1).Select(r => double.Parse(r[c], CultureInfo.InvariantCulture)).ToArray().AsMemory(), null, null, CancellationToken.None);
            await group.WriteAsync(fields[2], rows.Skip(1).Select(r => r[2]).ToArray());
            group.CompleteValidate();
        }

        public void Dispose() => _dir.Dispose();
    }

    [Fact]
    public async Task Parquet_files_run_end_to_end_and_the_report_has_no_paper_column()
    {
        using var study = new Study("blobs/train.parquet", "blobs/test.parquet");
        await study.WriteParquetAsync("blobs/train.parquet", Study.Blobs(240, 1));
        await study.WriteParquetAsync("blobs/test.parquet", Study.Blobs(90, 2));

        var run = Cli.Run("run", "--config", study.Config, "--slots", "2");
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("sweep blobs-study finished: 2 cells done, 0 failed", run.Out);

        var report = Cli.Run("report", "--results", study.SweepDir);
        Assert.True(report.ExitCode == 0, report.Error);
        string md = File.ReadAllText(Path.Combine(study.SweepDir, "report", "report.md"));
        Assert.Contains("## blobs · knn", md);
        Assert.Contains("The paper publishes no results for this dataset and model.", md);
        Assert.Contains("| method | runs | this run (mean ± std) |\n", md.Replace("\r\n", "\n"));
        Assert.DoesNotContain("paper (mean", md);
        Assert.True(File.Exists(Path.Combine(study.SweepDir, "report", "blobs_knn_model-accuracy.png")));

        // The same command again: nothing left to do, the sweep is complete.
        var again = Cli.Run("run", "--config", study.Config, "--slots", "2");
        Assert.True(again.ExitCode == 0, again.Error);
    }

    [Fact]
    public void Dataset_command_prints_the_benchmarks_json_keys_for_an_own_dataset()
    {
        using var study = new Study();
        var own = Cli.Run("dataset", "--config", study.Config, "--name", "blobs", "--json");
        Assert.True(own.ExitCode == 0, own.Error);
        var bench = Cli.Run("dataset", "--name", "wall-robot", "--data-dir", Path.Combine(Repo.Root, "data"), "--json");
        using var a = JsonDocument.Parse(own.Out);
        using var b = JsonDocument.Parse(bench.Out);
        Assert.Equal(b.RootElement.EnumerateObject().Select(p => p.Name), a.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal((60, 180, 90, 3), (a.RootElement.GetProperty("labeled").GetInt32(), a.RootElement.GetProperty("unlabeled").GetInt32(),
            a.RootElement.GetProperty("test").GetInt32(), a.RootElement.GetProperty("classes").GetInt32()));
        Assert.Equal(60, a.RootElement.GetProperty("label_count_histogram").EnumerateObject().Sum(p => p.Value.GetInt32()));

        var table = Cli.Run("dataset", "--config", study.Config, "--name", "blobs");
        Assert.Contains("3 (class-0, class-1, class-2)", table.Out);
        Assert.Contains("30 simulated annotators", table.Out);
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "non-numeric", "blobs/train.csv: line 4 (row 3), column 'x2': 'abc' is not a number" },
        { "infinite", "blobs/test.csv: line 3 (row 2), column 'x1': '-Infinity' is not a finite number" },
        { "no-label-column", "blobs/test.csv: no label column 'label'" },
        { "test-columns", "blobs/test.csv: column 'x3' is not a column of blobs/train.csv" },
        { "unseen-class", "blobs/test.csv: line 2 (row 1), column 'label': class 'class-9' never appears in blobs/train.csv" },
        { "labeled-too-many", "activelab.datasets.blobs.labeled = 240, but the file has 240 rows" },
        { "labeled-too-few", "activelab.datasets.blobs.labeled = 2 is fewer than the 3 classes" },
        { "annotations-rows", "blobs/ann.csv: 2 rows, but blobs/train.csv has 240" },
        { "annotations-labels", "blobs/ann.csv: line 2 (row 1), column 'a1': 'class-7' is not a class of blobs/train.csv" },
        { "empty-file", "blobs/train.csv: empty file" },
        { "shadows-benchmark", "activelab.datasets.wall-robot: 'wall-robot' is a benchmark's name" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(string name, string expected)
    {
        using var study = name switch
        {
            "labeled-too-many" => new Study(labeled: 240),
            "labeled-too-few" => new Study(labeled: 2),
            "annotations-rows" or "annotations-labels" => new Study(extra: "annotations = \"blobs/ann.csv\""),
            _ => new Study(),
        };
        var train = Study.Blobs(240, 1);
        var test = Study.Blobs(90, 2);
        switch (name)
        {
            case "non-numeric": train[3][1] = "abc"; study.WriteCsv("blobs/train.csv", train); break;
            case "infinite": test[2][0] = "-Infinity"; study.WriteCsv("blobs/test.csv", test); break;
            case "no-label-column": test[0][2] = "y"; study.WriteCsv("blobs/test.csv", test); break;
            case "test-columns": test[0][1] = "x3"; study.WriteCsv("blobs/test.csv", test); break;
            case "unseen-class": test[1][2] = "class-9"; study.WriteCsv("blobs/test.csv", test); break;
            case "annotations-rows": study.WriteCsv("blobs/ann.csv", [["a1", "a2"], ["class-0", ""], ["", "class-1"]]); break;
            case "annotations-labels":
                study.WriteCsv("blobs/ann.csv", [["a1", "a2"], .. Enumerable.Range(0, 240).Select(i => i == 0 ? new[] { "class-7", "" } : ["class-0", "class-1"])]);
                break;
            case "empty-file": File.WriteAllText(Path.Combine(study.DataDir, "blobs", "train.csv"), ""); break;
            case "shadows-benchmark":
                File.WriteAllText(study.Config, File.ReadAllText(study.Config).Replace("datasets.blobs", "datasets.wall-robot"));
                break;
        }
        var before = Snapshot(study.Path);
        foreach (string[] args in new[] { new[] { "run", "--config", study.Config }, ["dataset", "--config", study.Config, "--name", "blobs"] })
        {
            var r = Cli.Run(args);
            Assert.True(r.ExitCode == 2, $"{name} ({args[0]}): exit {r.ExitCode}: {r.Out} {r.Error}");
            string line = Assert.Single(r.ErrorLines);
            Assert.True(line.Contains(expected, StringComparison.Ordinal), $"{name} ({args[0]}): expected \"{expected}\" in: {line}");
            Assert.Equal(before, Snapshot(study.Path));
        }
    }

    private static IReadOnlyDictionary<string, string> Snapshot(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            entries[Path.GetRelativePath(root, d)] = "dir";
        foreach (string f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            entries[Path.GetRelativePath(root, f)] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)));
        return entries;
    }
}
