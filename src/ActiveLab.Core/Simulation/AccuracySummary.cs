namespace ActiveLab.Core.Simulation;

/// <summary>
/// Min / mean / max of per-annotator accuracies over the annotators that labeled at least one example
/// (NaN values and <see cref="Annotators"/> = 0 when none did). Mean is the plain mean of the accuracies.
/// </summary>
public readonly record struct AccuracySummary(double Min, double Mean, double Max, int Annotators);
