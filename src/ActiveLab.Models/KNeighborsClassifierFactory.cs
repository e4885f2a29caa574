using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models;

/// <summary>
/// k-nearest-neighbours classifier, sklearn <c>KNeighborsClassifier(weights="distance")</c> (spec §2.4.2).
/// Fitting only stores a copy of the data; it draws nothing from the generator.
/// </summary>
public sealed class KNeighborsClassifierFactory : IClassifierFactory
{
    /// <summary>Creates a factory with the given options (null: the benchmark defaults).</summary>
    public KNeighborsClassifierFactory(KNeighborsOptions? options = null)
    {
        Options = options ?? new KNeighborsOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public KNeighborsOptions Options { get; }

    /// <inheritdoc />
    public string Name => "knn";

    /// <inheritdoc />
    public IFittedClassifier Fit(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng)
    {
        TrainingInput.Validate(x, y, numClasses);
        return new KNeighborsModel(Options, (double[])x.Data.Clone(), y.ToArray(), x.Columns, numClasses);
    }
}
