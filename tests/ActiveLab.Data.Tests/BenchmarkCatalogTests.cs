using System.Text.Json.Nodes;
using ActiveLab.Data;

namespace ActiveLab.Data.Tests;

public class BenchmarkCatalogTests
{
    [Fact]
    public void UnknownNameListsValidNames()
    {
        var e = Assert.Throws<UnknownBenchmarkException>(() => BenchmarkCatalog.Build("wall-bot", new DataSettings(TestData.RepoDataDir)));
        Assert.Contains("unknown benchmark 'wall-bot'", e.Message);
        foreach (string name in BenchmarkCatalog.Names) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void FamilyNameNeedsAMember()
    {
        var e = Assert.Throws<UnknownBenchmarkException>(() => BenchmarkCatalog.Build("single-vs-multiannotator", new DataSettings(TestData.RepoDataDir)));
        Assert.Contains("single-vs-multiannotator/0.6", e.Message);
        Assert.Equal(5, BenchmarkCatalog.Expand("single-vs-multiannotator").Count);
    }

    [Theory]
    [InlineData("Wall-Robot", "wall-robot")]
    [InlineData("wall-robot-completely-labeled", "wall-robot-complete")]
    [InlineData("extra-benchmarks/single-annotator", "single-annotator")]
    [InlineData("single-vs-multiannotator/1", "single-vs-multiannotator/1.0")]
    [InlineData("extra-benchmarks/single-vs-multiannotator/0.60", "single-vs-multiannotator/0.6")]
    [InlineData("cifar10h", "cifar-10h")]
    public void Aliases(string alias, string canonical) => Assert.Equal(canonical, BenchmarkCatalog.Canonicalize(alias));

    [Fact]
    public void UnknownTauIsUnknown() =>
        Assert.Throws<UnknownBenchmarkException>(() => BenchmarkCatalog.Canonicalize("single-vs-multiannotator/0.65"));

    [Fact]
    public void DefaultSeedsAreTheSpecSeeds()
    {
        Assert.Equal(123UL, BenchmarkCatalog.DefaultSeed("wall-robot"));
        Assert.Equal(111UL, BenchmarkCatalog.DefaultSeed("wall-robot-complete"));
        Assert.Equal(1234UL, BenchmarkCatalog.DefaultSeed("single-vs-multiannotator/0.7"));
        Assert.Equal(0UL, BenchmarkCatalog.DefaultSeed("single-annotator"));
        Assert.Equal(123UL, BenchmarkCatalog.DefaultSeed("cifar-10h"));
    }

    [Fact]
    public void SummaryJsonHasExactlyTheCliMembers()
    {
        var json = DatasetSummary.Of(TestData.Benchmark("wall-robot")).ToJson();
        Assert.Equal(["labeled", "unlabeled", "test", "classes", "label_count_histogram", "annotator_accuracy", "majority_vote_accuracy"],
            json.Select(kv => kv.Key).ToArray());
        Assert.Equal(500, (int)json["labeled"]!);
        Assert.Equal(1500, (int)json["unlabeled"]!);
        Assert.Equal(1000, (int)json["test"]!);
        Assert.Equal(4, (int)json["classes"]!);
        var histogram = json["label_count_histogram"]!.AsObject();
        Assert.Equal(500, histogram.Sum(kv => (int)kv.Value!));
        Assert.All(histogram, kv => Assert.True(int.Parse(kv.Key) >= 1));
        var acc = json["annotator_accuracy"]!.AsObject();
        Assert.Equal(["min", "mean", "max"], acc.Select(kv => kv.Key).ToArray());
        Assert.True((double)acc["min"]! <= (double)acc["mean"]! && (double)acc["mean"]! <= (double)acc["max"]!);
        double mv = (double)json["majority_vote_accuracy"]!;
        Assert.InRange(mv, 0, 1);
        // Text form parses back to the same object.
        Assert.Equal(json.ToJsonString(), JsonNode.Parse(DatasetSummary.Of(TestData.Benchmark("wall-robot")).ToJsonString())!.ToJsonString());
    }
}
