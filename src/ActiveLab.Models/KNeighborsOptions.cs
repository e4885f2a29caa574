namespace ActiveLab.Models;

/// <summary>
/// Hyperparameters of <see cref="KNeighborsClassifierFactory"/>; the defaults are the benchmark's
/// <c>KNeighborsClassifier(weights="distance")</c> (sklearn 1.0.2: k = 5, Euclidean distance).
/// </summary>
public sealed record KNeighborsOptions
{
    /// <summary>k, the number of neighbours (sklearn n_neighbors = 5). When fewer training rows exist, all are used
    /// (sklearn would raise instead).</summary>
    public int Neighbors { get; init; } = 5;

    /// <summary>Distance weighting (class probability ∝ Σ 1/d, or only the zero-distance neighbours with weight 1 when
    /// there are any). False gives sklearn's weights="uniform" (each neighbour weight 1).</summary>
    public bool DistanceWeighted { get; init; } = true;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Neighbors < 1) throw new ArgumentOutOfRangeException(nameof(Neighbors), Neighbors, "need at least one neighbour");
    }
}
