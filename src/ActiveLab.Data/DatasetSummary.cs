using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActiveLab.Core.Consensus;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// Round-0 diagnostics of a benchmark, as the original data notebooks print them (spec §1.4–1.8) and as
/// <c>activelab dataset --json</c> prints them (<see cref="ToJson"/>).
/// </summary>
/// <param name="Name">Benchmark name.</param>
/// <param name="Labeled">N_L.</param>
/// <param name="Unlabeled">N_U.</param>
/// <param name="Test">Test-set size.</param>
/// <param name="Classes">K.</param>
/// <param name="Labels">Number of visible labels at round 0.</param>
/// <param name="Annotators">M: annotator columns of the initial label matrix.</param>
/// <param name="LabelCountHistogram">Labels per row → rows (ascending keys).</param>
/// <param name="AnnotatorAccuracy">Min / mean / max accuracy of the annotator columns on the rows they labeled.</param>
/// <param name="MajorityVoteAccuracy">Accuracy of the majority vote of the initial labels (no probabilities; the
/// last, random tie-break uses <see cref="MajorityVote"/>'s fixed default stream).</param>
public sealed record DatasetSummary(
    string Name, int Labeled, int Unlabeled, int Test, int Classes, int Labels, int Annotators,
    IReadOnlyDictionary<int, int> LabelCountHistogram, AccuracySummary AnnotatorAccuracy, double MajorityVoteAccuracy)
{
    /// <summary>Share of labeled rows with exactly one visible label.</summary>
    public double SingleLabeledShare =>
        Labeled == 0 ? 0 : (LabelCountHistogram.TryGetValue(1, out int ones) ? ones : 0) / (double)Labeled;

    /// <summary>Mean visible labels per labeled row.</summary>
    public double MeanLabelsPerRow => Labeled == 0 ? 0 : Labels / (double)Labeled;

    /// <summary>Computes the diagnostics of <paramref name="data"/>.</summary>
    public static DatasetSummary Of(BenchmarkData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = data.InitialLabels;
        int[] y = data.Labeled.TrueLabels;
        double mv = double.NaN;
        if (labels.Rows > 0)
        {
            int[] vote = MajorityVote.Compute(labels, numClasses: data.NumClasses);
            int correct = 0;
            for (int i = 0; i < vote.Length; i++) if (vote[i] == y[i]) correct++;
            mv = correct / (double)vote.Length;
        }
        return new DatasetSummary(data.Name, data.Labeled.Count, data.Unlabeled.Count, data.Test.Count, data.NumClasses,
            labels.Count, labels.Columns, LabelDiagnostics.LabelCountHistogram(labels),
            LabelDiagnostics.AnnotatorAccuracySummary(labels, y), mv);
    }

    /// <summary>
    /// The JSON object of <c>activelab dataset --json</c>, exactly these members in this order:
    /// <c>labeled</c>, <c>unlabeled</c>, <c>test</c>, <c>classes</c> (K, an integer), <c>label_count_histogram</c>
    /// (object: labels per row as a string key → number of examples, ascending), <c>annotator_accuracy</c>
    /// (<c>{min, mean, max}</c>), <c>majority_vote_accuracy</c>. Doubles are written round-trip exact; NaN becomes null.
    /// </summary>
    public JsonObject ToJson()
    {
        var histogram = new JsonObject();
        foreach (var (count, rows) in LabelCountHistogram.OrderBy(kv => kv.Key))
            histogram[count.ToString(CultureInfo.InvariantCulture)] = rows;
        return new JsonObject
        {
            ["labeled"] = Labeled,
            ["unlabeled"] = Unlabeled,
            ["test"] = Test,
            ["classes"] = Classes,
            ["label_count_histogram"] = histogram,
            ["annotator_accuracy"] = new JsonObject
            {
                ["min"] = Number(AnnotatorAccuracy.Min),
                ["mean"] = Number(AnnotatorAccuracy.Mean),
                ["max"] = Number(AnnotatorAccuracy.Max),
            },
            ["majority_vote_accuracy"] = Number(MajorityVoteAccuracy),
        };
    }

    /// <summary><see cref="ToJson"/> as text (indented by default).</summary>
    public string ToJsonString(bool indented = true) =>
        ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
