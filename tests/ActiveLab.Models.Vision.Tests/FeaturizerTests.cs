using ActiveLab.Data;
using Xunit.Abstractions;

namespace ActiveLab.Models.Vision.Tests;

public class FeaturizerTests(ITestOutputHelper output)
{
    private static float[] Row(float[] features, int row) =>
        features.AsSpan(row * ResNet18Featurizer.FeatureDimension, ResNet18Featurizer.FeatureDimension).ToArray();

    [Fact]
    public void The_build_copies_both_onnx_files_next_to_the_tests()
    {
        var files = ResNet18ModelFiles.Locate();
        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "DnnImageModels"), files.ModelPath);
        Assert.True(new FileInfo(files.ModelPath).Length > 60_000_000);
        Assert.True(File.Exists(files.PreprocessPath));
        Assert.Equal(64, TestData.Featurizer.ModelSha256.Length);
        Assert.Equal(32, TestData.Featurizer.ModelHash.Length);
    }

    [Fact]
    public void A_missing_model_folder_is_a_clear_error_and_nothing_is_downloaded()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ResNet18ModelFiles.Locate(TestData.TempDir()));
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18", e.Message);
        Assert.Contains("Nothing is downloaded", e.Message);
    }

    [CifarImagesFact]
    public void Real_images_give_512_finite_features_that_depend_on_the_image()
    {
        var images = TestData.RealImages!;
        var features = TestData.Featurizer.Featurize(images, [0, 1, 2]);
        Assert.Equal(3 * 512, features.Length);
        Assert.All(features, v => Assert.True(float.IsFinite(v) && v >= 0, $"feature {v} (post-ReLU average pool: finite, ≥ 0)"));
        double mean = features.Average(v => (double)v);
        int zeros = features.Count(v => v == 0);
        output.WriteLine($"mean {mean:F4}, max {features.Max():F3}, zeros {zeros}/{features.Length}");
        Assert.InRange(mean, 0.05, 20);
        Assert.True(zeros < features.Length / 2, "most features are active");
        // Images 1 and 2 are both ships (label 8), image 0 a cat: the ships are closer to each other.
        Assert.True(Distance(Row(features, 1), Row(features, 2)) < Distance(Row(features, 0), Row(features, 1)));
    }

    [CifarImagesFact]
    public void Features_are_deterministic_and_independent_of_the_batch()
    {
        var images = TestData.RealImages!;
        var together = TestData.Featurizer.Featurize(images, [3, 4, 5, 6, 7]);
        var again = TestData.Featurizer.Featurize(images, [3, 4, 5, 6, 7]);
        var alone = TestData.Featurizer.Featurize(images, [5]);
        var reordered = TestData.Featurizer.Featurize(images, [7, 5]);
        Assert.Equal(together, again);
        Assert.Equal(Row(together, 2), alone);
        Assert.Equal(Row(together, 2), Row(reordered, 1));
        Assert.Equal(Row(together, 4), Row(reordered, 0));
    }

    [Fact]
    public void Synthetic_images_run_through_the_network_without_the_shared_data()
    {
        var pixels = new byte[2 * CifarImages.ImageBytes];
        new Random(5).NextBytes(pixels);
        var features = new float[2 * 512];
        TestData.Featurizer.Featurize(pixels, 2, features);
        Assert.All(features, v => Assert.True(float.IsFinite(v)));
        Assert.NotEqual(Row(features, 0), Row(features, 1));
    }

    [Fact]
    public void The_batch_dimension_of_both_models_is_made_symbolic()
    {
        var files = ResNet18ModelFiles.Locate();
        foreach (string path in new[] { files.ModelPath, files.PreprocessPath })
        {
            byte[] original = File.ReadAllBytes(path);
            byte[] patched = OnnxBatchDimension.MakeDynamic(original);
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(patched);
            foreach (var meta in session.InputMetadata.Values.Concat(session.OutputMetadata.Values))
            {
                Assert.Equal(-1, meta.Dimensions[0]);
                Assert.Equal("N", meta.SymbolicDimensions[0]);
            }
            Assert.Equal(original.Length, patched.Length, tolerance: original.Length / 10);
        }
    }

    private static double Distance(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return Math.Sqrt(sum);
    }
}
