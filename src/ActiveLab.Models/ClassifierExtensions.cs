using ActiveLab.Core;

namespace ActiveLab.Models;

/// <summary>Conveniences on top of <see cref="IFittedClassifier"/>.</summary>
public static class ClassifierExtensions
{
    /// <summary>Class probabilities, n × K, for the n × F rows of <paramref name="x"/>.</summary>
    public static Matrix PredictProba(this IFittedClassifier model, Matrix x)
    {
        var result = new Matrix(x.Rows, model.NumClasses);
        model.PredictProba(x, result);
        return result;
    }

    /// <summary>Predicted labels, length n: the argmax of each probability row (first index on ties, as numpy).</summary>
    public static int[] Predict(this IFittedClassifier model, Matrix x)
    {
        var proba = model.PredictProba(x);
        var labels = new int[x.Rows];
        for (int i = 0; i < labels.Length; i++) labels[i] = proba.ArgMaxOfRow(i);
        return labels;
    }

    /// <summary>Fraction of rows of <paramref name="x"/> whose predicted label equals <paramref name="y"/>.</summary>
    public static double Accuracy(this IFittedClassifier model, Matrix x, ReadOnlySpan<int> y)
    {
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels for {x.Rows} rows", nameof(y));
        if (y.Length == 0) return double.NaN;
        var predicted = model.Predict(x);
        int correct = 0;
        for (int i = 0; i < y.Length; i++) if (predicted[i] == y[i]) correct++;
        return (double)correct / y.Length;
    }
}
