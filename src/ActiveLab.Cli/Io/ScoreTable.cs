using ActiveLab.Core.Scoring;

namespace ActiveLab.Cli.Io;

/// <summary>One output row of <c>activelab score</c>. Unlabeled rows have no consensus and no agreement.</summary>
internal readonly record struct ScoreRow(
    string Pool,
    int Index,
    int? ConsensusLabel,
    double? ConsensusQualityScore,
    double? AnnotatorAgreement,
    double ActiveLearningScore);

/// <summary>The score table: labeled examples first (in L/P order), then unlabeled ones (in Q order).</summary>
internal sealed class ScoreTable
{
    public const string LabeledPool = "labeled";
    public const string UnlabeledPool = "unlabeled";

    /// <summary>Column names, in output order.</summary>
    public static readonly string[] Columns =
    [
        "pool", "index", "consensus_label", "consensus_quality_score", "annotator_agreement", "active_learning_score",
    ];

    private ScoreTable(ScoreRow[] rows, int labeled, int unlabeled)
    {
        Rows = rows;
        LabeledCount = labeled;
        UnlabeledCount = unlabeled;
    }

    public IReadOnlyList<ScoreRow> Rows { get; }
    public int LabeledCount { get; }
    public int UnlabeledCount { get; }

    /// <summary>Builds the table from Core's scores, checking the array lengths against N and N_U.</summary>
    public static ScoreTable From(ExampleScores scores, int labeled, int unlabeled)
    {
        Require(scores.ConsensusLabel.Length, labeled, nameof(scores.ConsensusLabel));
        Require(scores.ConsensusQualityScore.Length, labeled, nameof(scores.ConsensusQualityScore));
        Require(scores.AnnotatorAgreement.Length, labeled, nameof(scores.AnnotatorAgreement));
        Require(scores.ActiveLearningScores.Length, labeled, nameof(scores.ActiveLearningScores));
        Require(scores.ActiveLearningScoresUnlabeled.Length, unlabeled, nameof(scores.ActiveLearningScoresUnlabeled));

        var rows = new ScoreRow[labeled + unlabeled];
        for (int i = 0; i < labeled; i++)
        {
            rows[i] = new ScoreRow(LabeledPool, i, scores.ConsensusLabel[i], scores.ConsensusQualityScore[i],
                scores.AnnotatorAgreement[i], scores.ActiveLearningScores[i]);
        }
        for (int j = 0; j < unlabeled; j++)
            rows[labeled + j] = new ScoreRow(UnlabeledPool, j, null, null, null, scores.ActiveLearningScoresUnlabeled[j]);
        return new ScoreTable(rows, labeled, unlabeled);
    }

    private static void Require(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new InvalidOperationException($"scoring returned {actual} values of {name}, expected {expected}");
    }
}
