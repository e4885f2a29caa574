namespace ActiveLab.Cluster.Sweeps;

/// <summary>The model names a sweep accepts (result-file names: et, mlp, mlp32, knn, mlp-torch, resnet18-head) plus
/// test-only ones.</summary>
public static class ModelNames
{
    /// <summary>Names trainers know. "mlp32" is the C# MLP trained in float32 (faster; "mlp" is float64, as sklearn).
    /// "always-fail" throws on every job (fault-injection tests).</summary>
    public static readonly IReadOnlyList<string> Known = ["et", "mlp", "mlp32", "knn", "mlp-torch", "resnet18-head", "always-fail"];

    public static void Validate(string model, string key)
    {
        if (!Known.Contains(model))
            throw new SweepConfigException($"{key}: unknown model '{model}'; valid: {string.Join(", ", Known.Take(6))}");
    }
}
