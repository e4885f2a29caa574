using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;
using ActiveLab.Data;

namespace ActiveLab.Cluster.Tests;

/// <summary><c>activelab.sweep.original-arrays</c>: a sweep on the paper's own pools, their content hash in the config hash.</summary>
public class OriginalArraysConfigTests
{
    /// <summary>A folder holding wall-robot/ with the regenerated benchmark written under the original array names.</summary>
    private static string ArraysDir(BenchmarkData data)
    {
        string root = TestPaths.TempDir(), dir = Path.Combine(root, "wall-robot");
        Directory.CreateDirectory(dir);
        NpyWriter.Write(Path.Combine(dir, "X_labeled.npy"), data.Labeled.Features!);
        NpyWriter.Write(Path.Combine(dir, "X_unlabeled.npy"), data.Unlabeled.Features!);
        NpyWriter.Write(Path.Combine(dir, "X_test.npy"), data.Test.Features!);
        NpyWriter.Write(Path.Combine(dir, "true_labels_labeled.npy"), data.Labeled.TrueLabels, data.Labeled.Count);
        NpyWriter.Write(Path.Combine(dir, "true_labels_unlabeled.npy"), data.Unlabeled.TrueLabels, data.Unlabeled.Count);
        NpyWriter.Write(Path.Combine(dir, "true_labels_test.npy"), data.Test.TrueLabels, data.Test.Count);
        NpyWriter.Write(Path.Combine(dir, "multiannotator_labels_labeled.npy"), data.InitialLabels);
        NpyWriter.Write(Path.Combine(dir, "extra_labels_labeled.npy"), data.CompleteLabeled!);
        NpyWriter.Write(Path.Combine(dir, "extra_labels_unlabeled.npy"), data.CompleteUnlabeled!);
        return root;
    }

    private static SweepConfig Parse(string? arrays) => SweepConfig.Parse(
        SweepConfigTests.Minimal + (arrays is null ? "" : $"\nactivelab.sweep.original-arrays = \"{arrays}\""), "c.conf", TestPaths.Data, TestPaths.TempDir());

    [Fact]
    public void The_arrays_are_loaded_and_their_content_hash_joins_the_config_hash()
    {
        var regenerated = new DatasetRegistry(TestPaths.Data).Get("wall-robot", null);
        string arrays = ArraysDir(regenerated.Data);
        var without = Parse(null);
        var with = Parse(arrays);
        Assert.Equal(Path.GetFullPath(arrays), with.OriginalArraysDir);
        Assert.Equal(without.Hash(), SweepConfig.Parse(SweepConfigTests.Minimal + "\nactivelab.sweep.original-arrays = null", "c.conf", TestPaths.Data, TestPaths.TempDir()).Hash());
        Assert.NotEqual(without.Hash(), with.Hash());
        Assert.NotEqual(without.SettingsHash(), with.SettingsHash());

        var loaded = new DatasetRegistry(with.DataDir, originalArraysDir: with.OriginalArraysDir).Get("wall-robot", null);
        Assert.Contains("original benchmark arrays", loaded.Data.Provenance);
        Assert.Equal(regenerated.Fingerprint, loaded.Fingerprint);

        // Another test set in the arrays: another config hash.
        var test = regenerated.Data.Test.Features!;
        var shifted = new ActiveLab.Core.Matrix(test.Rows, test.Columns, test.Data.Select(v => v + 1).ToArray());
        NpyWriter.Write(Path.Combine(arrays, "wall-robot", "X_test.npy"), shifted);
        Assert.NotEqual(with.Hash(), Parse(arrays).Hash());
    }

    [Fact]
    public void A_folder_without_the_arrays_is_refused_naming_the_key()
    {
        var e = Assert.Throws<SweepConfigException>(() => Parse(TestPaths.TempDir()));
        Assert.StartsWith("c.conf: activelab.sweep.original-arrays: ", e.Message);
        Assert.Contains("wall-robot", e.Message);
        Assert.Contains("true_labels_labeled.npy", e.Message);
    }
}
