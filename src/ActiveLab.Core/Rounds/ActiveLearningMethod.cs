namespace ActiveLab.Core.Rounds;

/// <summary>How a method forms the consensus labels the model is trained on (spec §2.3, §2.10).</summary>
public enum ConsensusRule
{
    /// <summary>Majority vote; from round 1 on, ties broken with the carried probabilities (MV family).</summary>
    MajorityVote,

    /// <summary>The benchmark's ActiveLab flow: benchmark-flavour temperature + CROWDLAB, stale by one round.</summary>
    BenchmarkCrowdlab,

    /// <summary>The benchmark's ActiveLab-ensemble flow: per-member temperatures + CROWDLAB ensemble.</summary>
    BenchmarkCrowdlabEnsemble,

    /// <summary>Extra benchmarks' multi-annotator arm: cleanlab v2.3.0 calibrated CROWDLAB on the carried probabilities.</summary>
    LibraryCrowdlab,
}

/// <summary>Which scores rank the examples each round (spec §3).</summary>
public enum ScoreRule
{
    Random,
    GoodRandom,
    Entropy,
    Uncertainty,
    Disagreement,
    ActiveLabelCleaning,
    BenchmarkActiveLab,
    BenchmarkActiveLabEnsemble,
    LibraryActiveLab,
    /// <summary>Single-annotator benchmark's ActiveLab: (max_k Q̂_uk + 1/K)/2 on unlabeled examples.</summary>
    SingleAnnotatorActiveLab,
}

/// <summary>How the recorded model accuracy is computed (spec §2.4.4).</summary>
public enum ModelAccuracyRule
{
    /// <summary>Mean of the fold models' test accuracies (first member).</summary>
    MeanFoldAccuracy,

    /// <summary>Argmax of the unweighted mean of the members' fold-averaged test probabilities.</summary>
    EnsembleMeanArgMax,

    /// <summary>Argmax of the CROWDLAB-model-weight-weighted mean of the members' raw test probabilities.</summary>
    EnsembleWeightedArgMax,

    /// <summary>A fresh model fit on all current labeled data (extra benchmarks).</summary>
    FullFit,
}

/// <summary>
/// One active-learning method as the round loop needs it: its result-file name, consensus rule, scores, number of
/// ensemble members, whether labeled examples may be re-labeled, and how model accuracy is recorded.
/// </summary>
public sealed record ActiveLearningMethod(
    string Name,
    ConsensusRule Consensus,
    ScoreRule Score,
    int Members,
    bool Relabel,
    ModelAccuracyRule Accuracy)
{
    /// <summary>Paper display name (plots, reports).</summary>
    public string DisplayName => Name switch
    {
        "crowdlab" => "ActiveLab",
        "crowdlab_ensemble" => "ActiveLab (ensemble)",
        "disagreement" => "Disagreement (ensemble)",
        "good_random" => "Good Random",
        "active_label_cleaning" => "Active Label Cleaning",
        "random" => "Random",
        "entropy" => "Entropy",
        "uncertainty" => "Uncertainty",
        "multiannotator" => "Multi-annotator (ActiveLab re-labeling)",
        "single" => "Single label per example (entropy)",
        _ => Name,
    };
}

/// <summary>The methods of the paper's benchmarks, by result-file name.</summary>
public static class ActiveLearningMethods
{
    public static readonly ActiveLearningMethod Random = new("random", ConsensusRule.MajorityVote, ScoreRule.Random, 1, true, ModelAccuracyRule.MeanFoldAccuracy);
    public static readonly ActiveLearningMethod GoodRandom = new("good_random", ConsensusRule.MajorityVote, ScoreRule.GoodRandom, 1, true, ModelAccuracyRule.MeanFoldAccuracy);
    public static readonly ActiveLearningMethod Entropy = new("entropy", ConsensusRule.MajorityVote, ScoreRule.Entropy, 1, true, ModelAccuracyRule.MeanFoldAccuracy);
    public static readonly ActiveLearningMethod Uncertainty = new("uncertainty", ConsensusRule.MajorityVote, ScoreRule.Uncertainty, 1, true, ModelAccuracyRule.MeanFoldAccuracy);
    public static readonly ActiveLearningMethod Disagreement = new("disagreement", ConsensusRule.MajorityVote, ScoreRule.Disagreement, 3, true, ModelAccuracyRule.EnsembleMeanArgMax);
    public static readonly ActiveLearningMethod ActiveLabelCleaning = new("active_label_cleaning", ConsensusRule.MajorityVote, ScoreRule.ActiveLabelCleaning, 1, true, ModelAccuracyRule.MeanFoldAccuracy);
    public static readonly ActiveLearningMethod Crowdlab = new("crowdlab", ConsensusRule.BenchmarkCrowdlab, ScoreRule.BenchmarkActiveLab, 1, true, ModelAccuracyRule.MeanFoldAccuracy);
    public static readonly ActiveLearningMethod CrowdlabEnsemble = new("crowdlab_ensemble", ConsensusRule.BenchmarkCrowdlabEnsemble, ScoreRule.BenchmarkActiveLabEnsemble, 3, true, ModelAccuracyRule.EnsembleWeightedArgMax);

    /// <summary>Extra benchmark single-vs-multiannotator, multi-annotator arm (§2.10).</summary>
    public static readonly ActiveLearningMethod Multiannotator = new("multiannotator", ConsensusRule.LibraryCrowdlab, ScoreRule.LibraryActiveLab, 1, true, ModelAccuracyRule.FullFit);

    /// <summary>Extra benchmark single-vs-multiannotator, single arm: entropy on new data only (§2.10).</summary>
    public static readonly ActiveLearningMethod Single = new("single", ConsensusRule.MajorityVote, ScoreRule.Entropy, 1, false, ModelAccuracyRule.FullFit);

    /// <summary>Single-annotator benchmark methods (§2.10): unlabeled only, full-fit accuracy.</summary>
    public static readonly ActiveLearningMethod SingleAnnotatorRandom = Random with { Relabel = false, Accuracy = ModelAccuracyRule.FullFit };
    public static readonly ActiveLearningMethod SingleAnnotatorEntropy = Entropy with { Relabel = false, Accuracy = ModelAccuracyRule.FullFit };
    public static readonly ActiveLearningMethod SingleAnnotatorCrowdlab = new("crowdlab", ConsensusRule.MajorityVote, ScoreRule.SingleAnnotatorActiveLab, 1, false, ModelAccuracyRule.FullFit);

    /// <summary>The main-benchmark methods (cifar-10h, wall-robot, wall-robot-complete) by result name.</summary>
    public static IReadOnlyDictionary<string, ActiveLearningMethod> Main { get; } = new[]
    {
        Random, GoodRandom, Entropy, Uncertainty, Disagreement, ActiveLabelCleaning, Crowdlab, CrowdlabEnsemble,
    }.ToDictionary(m => m.Name);

    /// <summary>Looks a main-benchmark method up by its result name; a clear error lists the valid names.</summary>
    public static ActiveLearningMethod Get(string name) =>
        Main.TryGetValue(name, out var m)
            ? m
            : throw new ArgumentException($"unknown method '{name}'; valid: {string.Join(", ", Main.Keys)}", nameof(name));
}
