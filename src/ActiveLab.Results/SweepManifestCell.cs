using System.Text.Json.Serialization;

namespace ActiveLab.Results;

/// <summary>One cell of a sweep as listed in <c>manifest.json</c>: a (dataset, method, model, repeat) run.</summary>
/// <param name="Dataset">Benchmark name (the <c>dataset</c> column of the tables).</param>
/// <param name="Method">Method result name (the <c>method</c> column).</param>
/// <param name="Model">Model name (the <c>model</c> column).</param>
/// <param name="Repeat">Repeat index, 0-based (the <c>repeat</c> column).</param>
public sealed record SweepManifestCell(
    [property: JsonPropertyName("dataset"), JsonPropertyOrder(0)] string Dataset,
    [property: JsonPropertyName("method"), JsonPropertyOrder(1)] string Method,
    [property: JsonPropertyName("model"), JsonPropertyOrder(2)] string Model,
    [property: JsonPropertyName("repeat"), JsonPropertyOrder(3)] int Repeat);
