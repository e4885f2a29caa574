using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Tests;

/// <summary>The shipped examples (README "Your own data") parse and build.</summary>
public class OwnDataExampleTests
{
    [Theory]
    [InlineData("simulated.conf", 30)]
    [InlineData("real-annotations.conf", 8)]
    public void The_shipped_example_configs_build_their_dataset(string file, int annotatorColumns)
    {
        string folder = Path.Combine(TestPaths.RepoRoot, "examples", "own-data");
        var c = SweepConfig.Load(Path.Combine(folder, file), dataDir: folder, resultsDir: TestPaths.TempDir());
        Assert.Equal(["blobs"], c.Datasets);
        var data = new DatasetRegistry(c.DataDir, ownDatasets: c.OwnDatasets).Get("blobs", c.DatasetSeed).Data;
        Assert.Equal((100, 500, 300, 3), (data.Labeled.Count, data.Unlabeled.Count, data.Test.Count, data.NumClasses));
        Assert.Equal(annotatorColumns, data.InitialLabels.Columns);
    }
}
