using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Rounds;

/// <summary>
/// The fixed facts a run's rounds read: classes, budget, true labels and complete label pools by example id,
/// and the test labels.
/// </summary>
/// <param name="NumClasses">K.</param>
/// <param name="Budget">B: annotations collected per round.</param>
/// <param name="TrueLabelsById">True label of every example id (labeled and unlabeled; evaluation only).</param>
/// <param name="PoolById">Complete label pool of every example id (the simulator draws from it).</param>
/// <param name="TestLabels">True labels of the test set.</param>
/// <param name="RowWeightBug">Faithful ActiveLab row-weight quirk (§4.6); false = per-row weights.</param>
public sealed record RoundContext(
    int NumClasses,
    int Budget,
    int[] TrueLabelsById,
    LabelPool PoolById,
    int[] TestLabels,
    bool RowWeightBug = true);
