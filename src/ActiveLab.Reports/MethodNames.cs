namespace ActiveLab.Reports;

/// <summary>
/// The paper's display names of the methods' result-file names (spec §0.1), in the legend order of the paper's
/// figures; unknown names are shown as they are, after the known ones.
/// </summary>
public static class MethodNames
{
    private static readonly (string Method, string Display)[] Known =
    [
        ("random", "Random"),
        ("good_random", "Good Random"),
        ("entropy", "Entropy"),
        ("uncertainty", "Uncertainty"),
        ("active_label_cleaning", "Active Label Cleaning"),
        ("crowdlab", "ActiveLab"),
        ("disagreement", "Disagreement (ensemble)"),
        ("crowdlab_ensemble", "ActiveLab (ensemble)"),
        ("single", "Single annotation, new data (entropy)"),
        ("multiannotator", "Multi-annotator re-labeling (ActiveLab)"),
    ];

    /// <summary>Methods that train one model (the ensemble methods train three).</summary>
    public static bool IsSingleModel(string method) => method is not ("disagreement" or "crowdlab_ensemble");

    /// <summary>The display name of <paramref name="method"/>, e.g. "ActiveLab" for <c>crowdlab</c>.</summary>
    public static string Display(string method)
    {
        foreach (var (m, d) in Known)
            if (m == method) return d;
        return method;
    }

    /// <summary>Sort key: the paper's legend order, unknown methods last (then by name).</summary>
    public static int Order(string method)
    {
        for (int i = 0; i < Known.Length; i++)
            if (Known[i].Method == method) return i;
        return Known.Length;
    }

    /// <summary><paramref name="methods"/> in legend order.</summary>
    public static IReadOnlyList<string> InLegendOrder(IEnumerable<string> methods) =>
        methods.Distinct().OrderBy(Order).ThenBy(m => m, StringComparer.Ordinal).ToArray();
}
