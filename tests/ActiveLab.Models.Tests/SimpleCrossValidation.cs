using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.Tests;

/// <summary>Plain shuffled k-fold cross-validation for accuracy checks (not the benchmark's CV trainer).</summary>
internal static class SimpleCrossValidation
{
    /// <summary>Out-of-fold accuracy: rows are shuffled with <paramref name="seed"/>, fold f = positions ≡ f (mod folds);
    /// fold f's model is fitted with generator seed + 1 + f.</summary>
    public static double Accuracy(IClassifierFactory factory, Matrix x, int[] y, int numClasses, int folds, ulong seed)
    {
        var order = new Rng(seed).Permutation(y.Length);
        int correct = 0;
        for (int f = 0; f < folds; f++)
        {
            var train = order.Where((_, i) => i % folds != f).ToArray();
            var test = order.Where((_, i) => i % folds == f).ToArray();
            var (xTrain, yTrain) = TestData.Subset(x, y, train);
            var (xTest, yTest) = TestData.Subset(x, y, test);
            var model = factory.Fit(xTrain, yTrain, numClasses, new Rng(seed + 1 + (ulong)f));
            var predicted = model.Predict(xTest);
            for (int i = 0; i < predicted.Length; i++) if (predicted[i] == yTest[i]) correct++;
        }
        return (double)correct / y.Length;
    }

    /// <summary>A random train / test split of the given sizes.</summary>
    public static (int[] Train, int[] Test) Split(int n, int trainSize, int testSize, ulong seed)
    {
        var order = new Rng(seed).Permutation(n);
        return (order[..trainSize], order[trainSize..(trainSize + testSize)]);
    }
}
