namespace ActiveLab.Models;

/// <summary>
/// sklearn MLPClassifier's stopping rule without a validation split (<c>_update_no_improvement_count</c>): stop when the
/// epoch loss has not improved on the best by more than <c>tol</c> for more than <c>n_iter_no_change</c> epochs in a row
/// (converged), or after <c>max_iter</c> epochs. Shared by the C# and the TorchSharp MLP trainers.
/// </summary>
public sealed class MlpStoppingRule(MlpOptions options)
{
    private readonly List<double> _lossCurve = [];
    private int _noImprovement;
    private double _bestLoss = double.PositiveInfinity;

    /// <summary>Training loss of every finished epoch.</summary>
    public IReadOnlyList<double> LossCurve => _lossCurve;

    /// <summary>True once training must stop.</summary>
    public bool Finished { get; private set; }

    /// <summary>True when it stopped by the no-improvement rule rather than the epoch limit.</summary>
    public bool Converged { get; private set; }

    /// <summary>Records one epoch's loss; returns whether training continues.</summary>
    public bool Record(double epochLoss)
    {
        _lossCurve.Add(epochLoss);
        if (epochLoss > _bestLoss - options.Tolerance) _noImprovement++;
        else _noImprovement = 0;
        if (epochLoss < _bestLoss) _bestLoss = epochLoss;
        if (_noImprovement > options.NoImprovementEpochs)
        {
            Finished = true;
            Converged = true;
        }
        else if (_lossCurve.Count >= options.MaxEpochs)
        {
            Finished = true;
        }
        return !Finished;
    }
}
