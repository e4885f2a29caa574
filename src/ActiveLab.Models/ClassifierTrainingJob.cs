using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models;

/// <summary>
/// The inputs of one <see cref="IClassifierFactory.Fit"/> call, for <see cref="IClassifierFactory.FitMany"/>.
/// </summary>
/// <param name="X">Features, n × F.</param>
/// <param name="Y">Labels, length n, in 0..<paramref name="NumClasses"/>−1.</param>
/// <param name="NumClasses">K, the width of the predicted probability rows.</param>
/// <param name="Rng">This job's own generator (jobs must not share one).</param>
public readonly record struct ClassifierTrainingJob(Matrix X, ReadOnlyMemory<int> Y, int NumClasses, Rng Rng);
