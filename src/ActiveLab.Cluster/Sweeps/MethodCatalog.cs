using ActiveLab.Core.Rounds;
using ActiveLab.Data;
using ActiveLab.Models.CrossValidation;

namespace ActiveLab.Cluster.Sweeps;

/// <summary>
/// Which methods each benchmark family runs, and how each trains (spec §2.4, §2.10): the main benchmarks use the
/// paper's eight methods; single-vs-multiannotator its two arms; single-annotator its three unlabeled-only methods.
/// </summary>
public static class MethodCatalog
{
    /// <summary>The method <paramref name="method"/> as run on <paramref name="dataset"/>; a clear error when it does not apply.</summary>
    public static ActiveLearningMethod Resolve(string dataset, string method, string origin = "config")
    {
        var family = Family(dataset);
        ActiveLearningMethod? resolved = family switch
        {
            "single-vs-multiannotator" => method switch
            {
                "multiannotator" => ActiveLearningMethods.Multiannotator,
                "single" => ActiveLearningMethods.Single,
                _ => null,
            },
            "single-annotator" => method switch
            {
                "random" => ActiveLearningMethods.SingleAnnotatorRandom,
                "entropy" => ActiveLearningMethods.SingleAnnotatorEntropy,
                "crowdlab" => ActiveLearningMethods.SingleAnnotatorCrowdlab,
                _ => null,
            },
            _ => ActiveLearningMethods.Main.GetValueOrDefault(method),
        };
        if (resolved is null)
            throw new SweepConfigException($"{origin}: method '{method}' does not apply to {dataset}; valid: {string.Join(", ", ValidMethods(dataset))}");
        if (resolved.Score == ScoreRule.ActiveLabelCleaning && dataset != "wall-robot-complete")
            throw new SweepConfigException($"{origin}: active_label_cleaning scores labeled examples only; use it with wall-robot-complete, not {dataset}");
        return resolved;
    }

    public static IReadOnlyList<string> ValidMethods(string dataset) => Family(dataset) switch
    {
        "single-vs-multiannotator" => ["multiannotator", "single"],
        "single-annotator" => ["random", "entropy", "crowdlab"],
        _ => ActiveLearningMethods.Main.Keys.ToArray(),
    };

    /// <summary>Cross-validation variant per family: tabular main benchmarks shuffle and duplicate missing classes;
    /// the extra benchmarks shuffle without duplication; CIFAR uses sklearn's unshuffled folds.</summary>
    public static CrossValidationOptions CrossValidation(string dataset, int folds) => Family(dataset) switch
    {
        "cifar-10h" => new CrossValidationOptions(folds, Shuffle: false, DuplicateMissingClasses: false),
        "single-vs-multiannotator" or "single-annotator" => new CrossValidationOptions(folds, Shuffle: true, DuplicateMissingClasses: false),
        _ => new CrossValidationOptions(folds),
    };

    /// <summary>The models trained for a method in a cell: the ensemble members for 3-member methods, else the cell's model.</summary>
    public static IReadOnlyList<string> MembersOf(ActiveLearningMethod method, string cellModel, IReadOnlyList<string> ensembleMembers)
    {
        if (method.Members == 1) return [cellModel];
        if (ensembleMembers.Count != method.Members)
            throw new SweepConfigException($"{method.Name} needs {method.Members} ensemble members, ensemble-members lists {ensembleMembers.Count}");
        return ensembleMembers;
    }

    private static string Family(string dataset) =>
        dataset.StartsWith("single-vs-multiannotator", StringComparison.Ordinal) ? "single-vs-multiannotator" : dataset;
}
