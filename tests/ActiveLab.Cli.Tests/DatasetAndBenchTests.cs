using System.Text.Json;

namespace ActiveLab.Cli.Tests;

/// <summary><c>activelab dataset</c> and <c>activelab bench train</c> on the Wall Robot file shipped in the repository.</summary>
public class DatasetAndBenchTests
{
    /// <summary>The repository's data/ folder (found by walking up to the solution file).</summary>
    private static string RepoData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActiveLab.Cluster.sln"))) return Path.Combine(dir.FullName, "data");
        throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void Dataset_json_has_the_documented_keys_and_spec_sizes()
    {
        var r = Cli.Run("dataset", "--name", "wall-robot", "--data-dir", RepoData(), "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal(["labeled", "unlabeled", "test", "classes", "label_count_histogram", "annotator_accuracy", "majority_vote_accuracy"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(500, root.GetProperty("labeled").GetInt32());
        Assert.Equal(1500, root.GetProperty("unlabeled").GetInt32());
        Assert.Equal(1000, root.GetProperty("test").GetInt32());
        Assert.Equal(4, root.GetProperty("classes").GetInt32());
        int histogramTotal = root.GetProperty("label_count_histogram").EnumerateObject().Sum(p => p.Value.GetInt32());
        Assert.Equal(500, histogramTotal);
        Assert.InRange(root.GetProperty("majority_vote_accuracy").GetDouble(), 0.82, 0.92);
        var acc = root.GetProperty("annotator_accuracy");
        Assert.True(acc.GetProperty("min").GetDouble() <= acc.GetProperty("mean").GetDouble());
        Assert.True(acc.GetProperty("mean").GetDouble() <= acc.GetProperty("max").GetDouble());
    }

    [Fact]
    public void Dataset_table_and_seed_option()
    {
        var a = Cli.Run("dataset", "--name", "wall-robot-complete", "--data-dir", RepoData(), "--seed", "5", "--json");
        var b = Cli.Run("dataset", "--name", "wall-robot-complete", "--data-dir", RepoData(), "--seed", "6", "--json");
        Assert.Equal(0, a.ExitCode);
        Assert.NotEqual(a.Out, b.Out);
        var table = Cli.Run("dataset", "--name", "wall-robot", "--data-dir", RepoData());
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("majority-vote accuracy", table.Out);
    }

    [Fact]
    public void Unknown_benchmark_and_missing_data_are_clear_errors()
    {
        var r = Cli.Run("dataset", "--name", "nope", "--data-dir", RepoData());
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.ErrorLines);
        Assert.Contains("wall-robot", r.ErrorLines[0]);
        var missing = Cli.Run("dataset", "--name", "wall-robot", "--data-dir", Path.Combine(Path.GetTempPath(), "no-such-data-" + Guid.NewGuid()));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("sensor_readings_4", missing.ErrorLines.Single());
    }

    [Theory]
    [InlineData("et")]
    [InlineData("knn")]
    public void Bench_train_reports_seconds_and_sklearn_level_accuracy(string model)
    {
        var r = Cli.Run("bench", "train", "--model", model, "--dataset", "wall-robot", "--rows", "600", "--data-dir", RepoData(), "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.InRange(root.GetProperty("accuracy").GetDouble(), 0.85, 1.0);
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        Assert.Equal(600, root.GetProperty("rows").GetInt32());
        Assert.Equal(5, root.GetProperty("folds").GetInt32());
    }

    [Fact]
    public void Bench_train_rejects_unknown_model_and_cuda_for_cpu_models()
    {
        Assert.Equal(2, Cli.Run("bench", "train", "--model", "svm", "--data-dir", RepoData()).ExitCode);
        var cuda = Cli.Run("bench", "train", "--model", "et", "--device", "cuda", "--data-dir", RepoData());
        Assert.Equal(2, cuda.ExitCode);
        Assert.Contains("CPU", cuda.ErrorLines.Single());
    }

    [Fact]
    public void Bench_train_mlp_torch_runs_on_cpu_and_explains_a_missing_gpu()
    {
        var r = Cli.Run("bench", "train", "--model", "mlp-torch", "--rows", "200", "--folds", "2", "--data-dir", RepoData(), "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("cpu", doc.RootElement.GetProperty("device").GetString());
        Assert.InRange(doc.RootElement.GetProperty("accuracy").GetDouble(), 0.5, 1.0);
        if (!ActiveLab.Models.Torch.TorchRuntime.CudaAvailable)
        {
            var cuda = Cli.Run("bench", "train", "--model", "mlp-torch", "--device", "cuda", "--rows", "200", "--data-dir", RepoData());
            Assert.Equal(2, cuda.ExitCode);
            Assert.Contains("CUDA is not available", cuda.ErrorLines.Single());
        }
    }

    [Fact]
    public void Bench_batch_times_each_batch_size_and_refuses_a_bad_list()
    {
        var r = Cli.Run("bench", "batch", "--members", "1,3", "--rows", "120", "--epochs", "2", "--data-dir", RepoData(), "--json");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["mlp (C# kernel)", "mlp-torch (batched)", "mlp-torch (batched)"], lines.Select(l => l.GetProperty("model").GetString()));
        Assert.Equal([1, 1, 3], lines.Select(l => l.GetProperty("members").GetInt32()));
        foreach (var l in lines.Skip(1))
        {
            // 120 rows: one step per epoch; per member × members = in all.
            Assert.Equal(2, l.GetProperty("epochs").GetInt64());
            double perMember = l.GetProperty("steps_per_second_per_member").GetDouble();
            Assert.True(perMember > 0);
            Assert.Equal(perMember * l.GetProperty("members").GetInt32(), l.GetProperty("steps_per_second").GetDouble(), 6);
        }
        var bad = Cli.Run("bench", "batch", "--members", "1,lots", "--data-dir", RepoData());
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--members '1,lots' is not a list of sizes", bad.ErrorLines.Single());
    }
}
