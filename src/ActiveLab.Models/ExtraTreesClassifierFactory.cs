using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models;

/// <summary>
/// Extremely randomised trees, sklearn 1.0.2 <c>ExtraTreesClassifier()</c> (spec §2.4.2): 100 trees grown on all rows
/// (no bootstrap), Gini, unlimited depth, max_features ⌊√F⌋, random thresholds. See <see cref="ExtraTreeBuilder"/>.
/// Draws one 64-bit seed per tree from the generator, in tree order.
/// </summary>
public sealed class ExtraTreesClassifierFactory : IClassifierFactory
{
    /// <summary>Creates a factory with the given options (null: sklearn's defaults).</summary>
    public ExtraTreesClassifierFactory(ExtraTreesOptions? options = null)
    {
        Options = options ?? new ExtraTreesOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public ExtraTreesOptions Options { get; }

    /// <inheritdoc />
    public string Name => "extra-trees";

    /// <inheritdoc />
    public IFittedClassifier Fit(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng)
    {
        TrainingInput.Validate(x, y, numClasses);
        ArgumentNullException.ThrowIfNull(rng);
        return new ExtraTreeBuilder(x, y, numClasses, Options).BuildForest(Options.Trees, rng);
    }
}
