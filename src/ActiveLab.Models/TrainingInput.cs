using ActiveLab.Core;

namespace ActiveLab.Models;

/// <summary>Argument checks shared by the factories' <c>Fit</c> and the models' <c>PredictProba</c>.</summary>
public static class TrainingInput
{
    /// <summary>Throws unless x is n × F with n ≥ 1, y has n labels in 0..numClasses−1 and every feature is finite.</summary>
    public static void Validate(Matrix x, ReadOnlySpan<int> y, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "need at least one class");
        if (x.Rows == 0) throw new ArgumentException("cannot fit a model on zero rows", nameof(x));
        if (x.Columns == 0) throw new ArgumentException("cannot fit a model on zero features", nameof(x));
        if (y.Length != x.Rows) throw new ArgumentException($"y has {y.Length} labels for {x.Rows} rows of x", nameof(y));
        for (int i = 0; i < y.Length; i++)
        {
            if ((uint)y[i] >= (uint)numClasses)
                throw new ActiveLabInputException($"label {y[i]} is outside 0..{numClasses - 1}", "y", i);
        }
        var data = x.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (!double.IsFinite(data[i]))
                throw new ActiveLabInputException($"feature value {data[i]} is not finite", "x", i / x.Columns, i % x.Columns);
        }
    }

    /// <summary>Throws unless x has the model's feature count and destination is x.Rows × numClasses.</summary>
    public static void ValidatePredict(Matrix x, Matrix destination, int numFeatures, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(destination);
        if (x.Columns != numFeatures)
            throw new ArgumentException($"x has {x.Columns} features, the model was trained on {numFeatures}", nameof(x));
        if (destination.Rows != x.Rows || destination.Columns != numClasses)
            throw new ArgumentException(
                $"destination is {destination.Rows} × {destination.Columns}, expected {x.Rows} × {numClasses}", nameof(destination));
    }
}
