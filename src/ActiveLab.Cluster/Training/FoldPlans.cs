using System.Runtime.CompilerServices;
using ActiveLab.Core.Randomness;
using ActiveLab.Models.CrossValidation;

namespace ActiveLab.Cluster.Training;

/// <summary>
/// The fold split of one member's cross-validation in one round, computed once per labels array. All fold jobs of a
/// member carry the same labels array (in one process), and its cell needs the same split to aggregate them; building
/// it (a seeded stratified shuffle) once per job and once more in the cell was 13 % of the CPU of a sweep with the
/// noop trainer. The memo hangs off the labels array (weakly: it goes when the round's jobs go) and is used only when
/// every other input matches too, so it never changes a result. Job label arrays are never modified after creation.
/// </summary>
internal static class FoldPlans
{
    private sealed record Entry(int NumClasses, int Folds, bool Shuffle, bool DuplicateMissingClasses, StreamKey Key, CrossValidationPlan Plan);

    private static readonly ConditionalWeakTable<int[], Entry> Memo = new();

    public static CrossValidationPlan For(int[] labels, int numClasses, CrossValidationOptions options, StreamKey key)
    {
        if (Memo.TryGetValue(labels, out var e) && e.NumClasses == numClasses && e.Folds == options.Folds && e.Shuffle == options.Shuffle
            && e.DuplicateMissingClasses == options.DuplicateMissingClasses && e.Key == key)
            return e.Plan;
        var plan = CrossValidationPlan.Create(labels, numClasses, options, key);
        Memo.AddOrUpdate(labels, new Entry(numClasses, options.Folds, options.Shuffle, options.DuplicateMissingClasses, key, plan));
        return plan;
    }
}
