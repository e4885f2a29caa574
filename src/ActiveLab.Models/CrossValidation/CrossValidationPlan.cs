using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.CrossValidation;

/// <summary>One fold's rows: what the fold model trains on and what it predicts out of fold.</summary>
/// <param name="Fold">Fold index.</param>
/// <param name="TrainRows">Training rows (with missing-class duplicates appended).</param>
/// <param name="HeldOutRows">Held-out rows, ascending.</param>
/// <param name="Duplicated">Held-out rows copied into training (row, class): their out-of-fold rows become one-hot.</param>
public sealed record FoldSplit(int Fold, int[] TrainRows, int[] HeldOutRows, (int Row, int Class)[] Duplicated);

/// <summary>
/// The folds of one cross-validated training, computed deterministically from the labels, the options and the stream
/// key — so a worker that trains a single fold derives exactly the split the others use.
/// </summary>
public sealed class CrossValidationPlan
{
    private CrossValidationPlan(int rows, FoldSplit[] folds)
    {
        Rows = rows;
        Folds = folds;
    }

    /// <summary>N: labeled rows.</summary>
    public int Rows { get; }

    /// <summary>The folds, in order.</summary>
    public IReadOnlyList<FoldSplit> Folds { get; }

    /// <summary>Builds the folds (spec §2.4.1: stratified, shuffled with <c>key.WithPurpose("folds")</c>, missing classes duplicated).</summary>
    public static CrossValidationPlan Create(ReadOnlySpan<int> labels, int numClasses, CrossValidationOptions options, StreamKey key)
    {
        int n = labels.Length;
        foreach (int l in labels)
            if (l < 0 || l >= numClasses) throw new ArgumentException($"label {l} is outside 0..{numClasses - 1}", nameof(labels));
        var fold = StratifiedKFold.Assign(labels, options.Folds, options.Shuffle ? Rng.For(key.WithPurpose("folds")) : null);
        var present = new bool[numClasses];
        foreach (int l in labels) present[l] = true;

        var folds = new FoldSplit[options.Folds];
        for (int f = 0; f < folds.Length; f++)
        {
            var trainRows = new List<int>(n);
            var heldOut = new List<int>(n / options.Folds + 1);
            for (int i = 0; i < n; i++) (fold[i] == f ? heldOut : trainRows).Add(i);
            var duplicated = new List<(int Row, int Class)>();
            if (options.DuplicateMissingClasses)
            {
                var inTrain = new bool[numClasses];
                foreach (int i in trainRows) inTrain[labels[i]] = true;
                for (int c = 0; c < numClasses; c++)
                {
                    if (!present[c] || inTrain[c]) continue;
                    int first = -1;
                    foreach (int i in heldOut) if (labels[i] == c) { first = i; break; }
                    trainRows.Add(first);
                    duplicated.Add((first, c));
                }
            }
            folds[f] = new FoldSplit(f, trainRows.ToArray(), heldOut.ToArray(), duplicated.ToArray());
        }
        return new CrossValidationPlan(n, folds);
    }
}
