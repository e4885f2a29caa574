using ActiveLab.Core;

namespace ActiveLab.Models;

/// <summary>
/// A trained probabilistic classifier. Immutable and thread-safe: several threads may predict at once.
/// </summary>
public interface IFittedClassifier
{
    /// <summary>F: the number of features the model was trained on.</summary>
    int NumFeatures { get; }

    /// <summary>K: the width of each probability row.</summary>
    int NumClasses { get; }

    /// <summary>
    /// Writes class probabilities for every row of <paramref name="x"/> (n × <see cref="NumFeatures"/>) into
    /// <paramref name="destination"/> (n × <see cref="NumClasses"/>): each row is in [0, 1] and sums to 1.
    /// Allocation-light; <see cref="ClassifierExtensions.PredictProba(IFittedClassifier, Matrix)"/> allocates the result.
    /// </summary>
    void PredictProba(Matrix x, Matrix destination);
}
