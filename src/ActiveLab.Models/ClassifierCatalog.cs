namespace ActiveLab.Models;

/// <summary>The benchmark's tabular model families by name (spec §2.4.2).</summary>
public static class ClassifierCatalog
{
    /// <summary>Canonical names, in the ensemble's member order (MLP, ExtraTrees, KNN).</summary>
    public static IReadOnlyList<string> Names { get; } = ["mlp", "extra-trees", "knn"];

    /// <summary>
    /// A factory with the benchmark's hyperparameters for <paramref name="name"/>: "mlp", "extra-trees" (alias "et"),
    /// or "knn" (case-insensitive); "mlp32" is the MLP trained in float32.
    /// </summary>
    public static IClassifierFactory Create(string name) => name.ToLowerInvariant() switch
    {
        "mlp" => new MlpClassifierFactory(),
        "mlp32" => new MlpClassifierFactory(new MlpOptions { Precision = MlpPrecision.Float32 }),
        "extra-trees" or "et" or "extratrees" => new ExtraTreesClassifierFactory(),
        "knn" => new KNeighborsClassifierFactory(),
        _ => throw new ArgumentException($"unknown model '{name}'; expected one of {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>The ensemble members in the order the spec fixes (it matters for model weights and averages).</summary>
    public static IReadOnlyList<IClassifierFactory> EnsembleMembers() => [.. Names.Select(Create)];
}
