using System.Text.Json;

namespace ActiveLab.Results.Tests;

/// <summary><c>manifest.json</c> round trip, layout and errors.</summary>
public class SweepManifestFileTests
{
    private const string Hocon = """
        activelab.sweep {
          name = "paper-fig3"   # comment with ü and "quotes"
          datasets = [wall-robot, cifar10h]
          repeats = 3
          path = "a\\b+c<d>"
        }

        """;

    private static SweepManifest Sample() => SweepManifest.Create(
        "paper-fig3", Hocon, "sha256:0123abcd",
        [new SweepManifestCell("wall-robot", "crowdlab", "ensemble", 0), new SweepManifestCell("cifar10h", "random", "resnet18-head", 2)],
        new DateTime(2025, 6, 1, 12, 30, 45, 123, DateTimeKind.Utc).AddTicks(4567),
        typeof(SweepManifestFileTests).Assembly);

    [Fact]
    public void RoundTrips()
    {
        using var dir = new TempDir();
        SweepManifest m = Sample();
        string path = SweepManifestFile.WriteToSweep(dir.Path, m);
        Assert.Equal(dir.File("manifest.json"), path);
        SweepManifest back = SweepManifestFile.Read(path);
        Assert.Equal(m, back);
        Assert.Equal(Hocon, back.ConfigText);
        Assert.Equal(DateTimeKind.Utc, back.CreatedAtUtc.Kind);
        Assert.Equal(m.CreatedAtUtc.Ticks, back.CreatedAtUtc.Ticks);
        Assert.Equal(m.Cells, back.Cells);
        Assert.Equal(["manifest.json"], dir.AllFiles());
        Assert.Equal(m, SweepManifestFile.ReadFromSweep(dir.Path));
    }

    [Fact]
    public void LayoutIsIndentedSnakeCaseInAFixedOrder()
    {
        string json = SweepManifestFile.Serialize(Sample());
        string[] keys =
            ["format_version", "sweep_name", "config_hash", "created_at_utc", "tool_version", "dotnet_version", "os", "cells", "config"];
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal(keys, doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["dataset", "method", "model", "repeat"], doc.RootElement.GetProperty("cells")[0].EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("{\n  \"format_version\": 1,\n  \"sweep_name\": \"paper-fig3\",\n", json);
        Assert.Contains("\"created_at_utc\": \"2025-06-01T12:30:45.1234567Z\"", json);
        Assert.Contains("ü and \\\"quotes\\\"", json);
        Assert.Contains("a\\\\\\\\b+c<d>", json);
        Assert.EndsWith("}\n", json);
        Assert.Equal(json, SweepManifestFile.Serialize(SweepManifestFile.Deserialize(json)));
    }

    [Fact]
    public void CreateFillsTheEnvironment()
    {
        SweepManifest m = SweepManifest.Create("s", "", "h", []);
        Assert.StartsWith(".NET ", m.DotNetVersion);
        Assert.False(string.IsNullOrWhiteSpace(m.OperatingSystem));
        Assert.False(string.IsNullOrWhiteSpace(m.ToolVersion));
        Assert.Equal(DateTimeKind.Utc, m.CreatedAtUtc.Kind);
        Assert.InRange(DateTime.UtcNow - m.CreatedAtUtc, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Assert.Equal(1, m.FormatVersion);
        Assert.Throws<ArgumentException>(() => SweepManifest.Create("s", "", "h", [], new DateTime(2025, 1, 1)));
    }

    [Fact]
    public void ToolVersionIsTheInformationalVersion()
    {
        var asm = typeof(SweepManifest).Assembly;
        string expected = ((System.Reflection.AssemblyInformationalVersionAttribute)Attribute.GetCustomAttribute(
            asm, typeof(System.Reflection.AssemblyInformationalVersionAttribute))!).InformationalVersion;
        Assert.Equal(expected, SweepManifest.ToolVersionOf(asm));
    }

    [Theory]
    [InlineData("sweep_name")]
    [InlineData("cells")]
    [InlineData("config")]
    public void MissingPropertyIsAnErrorNamingTheFile(string property)
    {
        using var dir = new TempDir();
        string path = dir.File("manifest.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(SweepManifestFile.Serialize(Sample()))!.AsObject();
        node.Remove(property);
        File.WriteAllText(path, node.ToJsonString());
        var e = Assert.Throws<ResultFileException>(() => SweepManifestFile.Read(path));
        Assert.StartsWith($"{path}: not a valid sweep manifest", e.Message);
        Assert.Contains(property, e.Message);
    }

    [Fact]
    public void NullOrNewerOrMissingIsAnError()
    {
        using var dir = new TempDir();
        string path = dir.File("manifest.json");
        string json = SweepManifestFile.Serialize(Sample());
        File.WriteAllText(path, json.Replace("\"sweep_name\": \"paper-fig3\"", "\"sweep_name\": null"));
        Assert.Throws<ResultFileException>(() => SweepManifestFile.Read(path));
        File.WriteAllText(path, json.Replace("\"format_version\": 1", "\"format_version\": 2"));
        Assert.Contains("format_version 2 is not supported", Assert.Throws<ResultFileException>(() => SweepManifestFile.Read(path)).Message);
        File.Delete(path);
        Assert.Equal($"{path}: file not found", Assert.Throws<ResultFileException>(() => SweepManifestFile.Read(path)).Message);
    }
}
