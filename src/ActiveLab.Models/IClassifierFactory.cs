using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models;

/// <summary>
/// A model family with fixed hyperparameters (for example "ExtraTreesClassifier() with sklearn 1.0.2 defaults") that
/// trains <see cref="IFittedClassifier"/>s.
/// <para>
/// Contract for implementations: a factory holds no mutable state, so <see cref="Fit"/> and <see cref="FitMany"/> may be
/// called concurrently from several threads (a cross-validation trainer runs its folds in parallel). All randomness of
/// one fit comes from the <see cref="Rng"/> passed in, so the fitted model depends only on (hyperparameters, x, y,
/// numClasses, that generator's state) — never on thread count or scheduling.
/// </para>
/// </summary>
public interface IClassifierFactory
{
    /// <summary>Short lower-case name as used in result files and configs, e.g. "mlp", "extra-trees", "knn".</summary>
    string Name { get; }

    /// <summary>
    /// Trains one model.
    /// </summary>
    /// <param name="x">Features, n × F (row-major). Not modified and not retained: the model copies what it needs.</param>
    /// <param name="y">Class labels, length n, each in 0..<paramref name="numClasses"/>−1. Classes may be absent from
    /// <paramref name="y"/>; such a class gets probability 0 (as a column appended to sklearn's narrower output).</param>
    /// <param name="numClasses">K, the width of the probability rows the model will predict.</param>
    /// <param name="rng">The generator for every random draw of this fit (it is advanced).</param>
    /// <returns>An immutable, thread-safe fitted model predicting n' × K probabilities for n' × F inputs.</returns>
    IFittedClassifier Fit(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng);

    /// <summary>True when <see cref="FitMany"/> trains its jobs as one stacked computation, so gathering jobs for it pays
    /// (mlp-torch, resnet18-head); false when it fits them one after another, and a trainer spreads such jobs over its
    /// slots instead of queueing them behind one.</summary>
    bool BatchesFits => false;

    /// <summary>
    /// Trains several independent models, possibly together in one pass (a sweep trains thousands of small models;
    /// implementations may batch them through one kernel). Result i must equal <c>Fit(jobs[i].X, jobs[i].Y.Span,
    /// jobs[i].NumClasses, jobs[i].Rng)</c> — exactly, or up to floating-point rounding where a batched kernel sums in
    /// another order (say so and test the bound) — so callers may use either entry point. The default trains the jobs
    /// one after another on the calling thread.
    /// </summary>
    /// <returns>One fitted model per job, in job order.</returns>
    IFittedClassifier[] FitMany(IReadOnlyList<ClassifierTrainingJob> jobs)
    {
        var models = new IFittedClassifier[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            models[i] = Fit(job.X, job.Y.Span, job.NumClasses, job.Rng);
        }
        return models;
    }
}
