using ActiveLab.Core;

namespace ActiveLab.Data.Tests;

/// <summary>A user's own tabular dataset built from generated files (CSV and Parquet).</summary>
public class OwnDatasetTests
{
    private static OwnDatasetDefinition Definition(string train = "blobs/train.csv", string test = "blobs/test.csv",
        int labeled = 50, string? annotations = null) =>
        new("blobs", train, test, "label", labeled, Annotators: 30, AnnotatorAccuracy: 0.8, Annotations: annotations);

    /// <summary>A data dir with blobs/train.csv (300 rows) and blobs/test.csv (90 rows).</summary>
    private static string DataDir()
    {
        string dir = TestData.TempDir();
        BlobTable.Generate(300, seed: 1).WriteCsv(dir, "blobs/train.csv");
        BlobTable.Generate(90, seed: 2).WriteCsv(dir, "blobs/test.csv");
        return dir;
    }

    private static string Rows(LabelMatrix m) =>
        string.Join(";", Enumerable.Range(0, m.Rows).Select(i => string.Join(",", m.ColumnsOfRow(i).ToArray()) + ":" + string.Join(",", m.LabelsOfRow(i).ToArray())));

    [Fact]
    public void Builds_the_pools_of_the_requested_sizes_with_sorted_classes()
    {
        var data = OwnDataset.Build(Definition(), DataDir(), seed: 5);
        Assert.Equal("blobs", data.Name);
        Assert.Equal((50, 250, 90), (data.Labeled.Count, data.Unlabeled.Count, data.Test.Count));
        Assert.Equal(["a", "b", "c"], data.ClassNames);
        Assert.Equal(3, data.Labeled.Features!.Columns);
        Assert.Equal(30, data.InitialLabels.Columns);
        Assert.Equal(30, data.CompleteUnlabeled!.Columns);
        Assert.Equal(0.8, data.Tau);
        Assert.Equal(5UL, data.Seed);
        // S1 + S2 leave most labeled rows with one visible label, as on Wall Robot.
        var summary = DatasetSummary.Of(data);
        Assert.InRange(summary.SingleLabeledShare, 0.5, 1.0);
        Assert.InRange(summary.MajorityVoteAccuracy, 0.6, 1.0);
    }

    [Fact]
    public void Integer_classes_sort_numerically_and_equal_integers_name_one_class()
    {
        string dir = TestData.TempDir();
        BlobTable.Generate(120, seed: 1, classes: ["10", "9", "2"]).WriteCsv(dir, "n/train.csv");
        var test = BlobTable.Generate(30, seed: 2, classes: ["10.0", "9", "+2"]);
        test.WriteCsv(dir, "n/test.csv");
        var data = OwnDataset.Build(Definition("n/train.csv", "n/test.csv", labeled: 20), dir);
        Assert.Equal(["2", "9", "10"], data.ClassNames);
        Assert.Equal(test.Rows.Take(3).Select(r => r[3] switch { "+2" => 0, "9" => 1, _ => 2 }), data.Test.TrueLabels.Take(3));
    }

    [Fact]
    public void Construction_is_seeded()
    {
        string dir = DataDir();
        var a = OwnDataset.Build(Definition(), dir, seed: 1);
        var b = OwnDataset.Build(Definition(), dir, seed: 1);
        var c = OwnDataset.Build(Definition(), dir, seed: 2);
        Assert.Equal(Rows(a.InitialLabels), Rows(b.InitialLabels));
        Assert.Equal(a.Labeled.TrueLabels, b.Labeled.TrueLabels);
        Assert.NotEqual(Rows(a.InitialLabels), Rows(c.InitialLabels));
    }

    [Fact]
    public async Task Csv_and_parquet_files_give_the_same_dataset()
    {
        string dir = TestData.TempDir();
        var train = BlobTable.Generate(200, seed: 3);
        var test = BlobTable.Generate(60, seed: 4);
        train.WriteCsv(dir, "b/train.csv");
        test.WriteCsv(dir, "b/test.csv");
        await train.WriteParquetAsync(dir, "b/train.parquet");
        await test.WriteParquetAsync(dir, "b/test.parquet");
        var csv = OwnDataset.Build(Definition("b/train.csv", "b/test.csv", 40), dir, 7);
        var parquet = OwnDataset.Build(Definition("b/train.parquet", "b/test.parquet", 40), dir, 7);
        Assert.Equal(csv.Labeled.Features!.Data, parquet.Labeled.Features!.Data);
        Assert.Equal(csv.Test.Features!.Data, parquet.Test.Features!.Data);
        Assert.Equal(csv.Unlabeled.TrueLabels, parquet.Unlabeled.TrueLabels);
        Assert.Equal(Rows(csv.InitialLabels), Rows(parquet.InitialLabels));
    }

    [Fact]
    public void Simulated_annotators_come_from_the_wall_robot_construction_code()
    {
        // Wall Robot's pools are exactly SimulatedAnnotation's for its train labels …
        var source = WallRobotLoader.LoadFromDataDir(TestData.RepoDataDir);
        var wallRobot = WallRobotBenchmark.Build(source);
        var subset = WallRobotSubset.Build(source, WallRobotBenchmark.DefaultSeed, BenchmarkNames.WallRobot, WallRobotBenchmark.DefaultSeed, BenchmarkNames.WallRobot);
        var recipe = SimulatedAnnotation.Simulate(subset.TrainLabels, 4, WallRobotBenchmark.Tau, 30, WallRobotBenchmark.UnlabeledCount,
            applyS1: true, WallRobotBenchmark.DefaultSeed, BenchmarkNames.WallRobot);
        Assert.Equal(Rows(wallRobot.InitialLabels), Rows(recipe.Visible));
        Assert.Equal(Rows(wallRobot.CompleteUnlabeled!), Rows(recipe.CompleteUnlabeled));

        // … and so are an own dataset's, for its train labels, τ, annotator count and name.
        string dir = DataDir();
        var own = OwnDataset.Build(Definition(), dir, seed: 9);
        int[] yTrain = BlobTable.Generate(300, seed: 1).Rows.Select(r => r[3][0] - 'a').ToArray();
        var same = SimulatedAnnotation.Simulate(yTrain, 3, 0.8, 30, 250, applyS1: true, 9, "blobs");
        Assert.Equal(Rows(own.InitialLabels), Rows(same.Visible));
        Assert.Equal(Rows(own.CompleteLabeled!), Rows(same.CompleteLabeled));
        Assert.Equal(Splits.Take(yTrain, same.LabeledRows), own.Labeled.TrueLabels);
    }

    [Fact]
    public void Real_annotations_are_the_pools_and_the_initial_labels_a_subset_of_them()
    {
        string dir = DataDir();
        var train = BlobTable.Generate(300, seed: 1);
        // Three annotators: the first always right, the second always "a", the third labels every other row.
        var lines = new List<string> { "ann1,ann2,ann3" };
        for (int i = 0; i < train.Rows.Count; i++) lines.Add($"{train.Rows[i][3]},a,{(i % 2 == 0 ? train.Rows[i][3] : "")}");
        File.WriteAllLines(Path.Combine(dir, "blobs", "annotations.csv"), lines);
        var data = OwnDataset.Build(Definition(annotations: "blobs/annotations.csv"), dir, seed: 3);
        Assert.Null(data.Tau);
        Assert.Equal(3, data.InitialLabels.Columns);
        Assert.Equal((50, 250), (data.PoolLabeled.Rows, data.PoolUnlabeled.Rows));
        for (int i = 0; i < data.Unlabeled.Count; i++)
        {
            var pool = data.PoolUnlabeled.LabelsOfRow(i).ToArray();
            Assert.InRange(pool.Length, 2, 3);
            Assert.Contains(data.Unlabeled.TrueLabels[i], pool);
            Assert.Contains(0, pool);
        }
        Assert.All(Enumerable.Range(0, 50), i => Assert.InRange(data.InitialLabels.CountInRow(i), 1, 3));
    }

    [Fact]
    public void Content_hash_follows_the_bytes_of_every_file()
    {
        string dir = DataDir();
        string before = OwnDataset.ContentHash(Definition(), dir);
        Assert.Equal(before, OwnDataset.ContentHash(Definition(), dir));
        File.AppendAllText(Path.Combine(dir, "blobs", "test.csv"), "0,0,0,a\n");
        Assert.NotEqual(before, OwnDataset.ContentHash(Definition(), dir));
    }
}
