using System.Globalization;

namespace ActiveLab.Reports;

/// <summary>
/// Which published benchmark a (dataset, model) group of a sweep corresponds to: the folder names of the original
/// repository, as used in the reference tables.
/// </summary>
public static class ReferenceBenchmarks
{
    private const string SingleVsMulti = "single-vs-multiannotator/";

    /// <summary>The reference key, e.g. <c>wall-robot/et</c>; null when the paper has no such benchmark.</summary>
    public static string? KeyFor(string dataset, string model)
    {
        // mlp32 is the same MLP trained in float32: compared with the paper's MLP curves like mlp.
        string? tabular = model switch { "et" => "et", "mlp" or "mlp32" => "mlp", _ => null };
        if (dataset == "wall-robot" && tabular is not null) return $"wall-robot/{tabular}";
        if (dataset == "wall-robot-complete" && tabular is not null) return $"wall-robot-completely-labeled/{tabular}";
        if (dataset == "cifar-10h") return "cifar-10h";
        if (dataset == "single-annotator" && model == "et") return "extra-benchmarks/single-annotator";
        if (dataset.StartsWith(SingleVsMulti, StringComparison.Ordinal) && model == "et"
            && double.TryParse(dataset[SingleVsMulti.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double tau))
            return $"extra-benchmarks/single-vs-multiannotator/trace_frac={tau.ToString("0.0##", CultureInfo.InvariantCulture)}";
        return null;
    }
}
