using ActiveLab.Core.Scoring;

namespace ActiveLab.Core.Rounds;

/// <summary>What scoring decided in a round (spec §2.2 steps 3–5), before the annotator simulator runs.</summary>
/// <param name="Selected">The B lowest-scoring examples: re-labels (labeled pool indices) and new picks (unlabeled pool indices), ascending score.</param>
/// <param name="ModelAccuracy">The round's recorded model accuracy (§2.4.4).</param>
/// <param name="Temperature">Temperature used by ActiveLab scores (NaN for other methods).</param>
/// <param name="Carried">Pprev for the next round per member, already including the new picks' rows.</param>
public sealed record RoundScoring(SelectedExamples Selected, double ModelAccuracy, double Temperature, Matrix[] Carried);
