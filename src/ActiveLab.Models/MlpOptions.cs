using System.Numerics;

namespace ActiveLab.Models;

/// <summary>
/// Hyperparameters of <see cref="MlpClassifierFactory"/>; the defaults are sklearn 1.0.2's
/// <c>MLPClassifier(max_iter=500)</c> (spec §2.4.2): one hidden layer of 100 ReLU units, Adam, L2 α = 1e-4,
/// mini-batches of min(200, n) reshuffled every epoch, tol 1e-4 with n_iter_no_change 10, no early-stopping split.
/// </summary>
public sealed record MlpOptions
{
    /// <summary>Units of the single hidden layer (hidden_layer_sizes = (100,)).</summary>
    public int HiddenUnits { get; init; } = 100;

    /// <summary>L2 penalty α; the loss gets 0.5·α·Σ‖W‖²/batch_n (weights only, not biases).</summary>
    public double Alpha { get; init; } = 1e-4;

    /// <summary>Adam's constant learning rate (learning_rate_init).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam β2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Mini-batch size; the effective size is min(BatchSize, n) and the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Reshuffle the row order before every epoch (sklearn shuffle = True). Without shuffling the batches are
    /// consecutive rows in the given order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Maximum number of epochs (max_iter = 500).</summary>
    public int MaxEpochs { get; init; } = 500;

    /// <summary>An epoch "improves" when its mean training loss is below the best so far minus this (tol).</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Training stops when more than this many consecutive epochs did not improve (n_iter_no_change).</summary>
    public int NoImprovementEpochs { get; init; } = 10;

    /// <summary>
    /// Training arithmetic. Float64 (default) reproduces sklearn's loss curve to ~1e-12 given the same initial weights
    /// and batch order; Float32 trains about 1.6× faster with the same accuracy (its loss drifts ~1e-3 relative from
    /// float64's over 500 epochs, far less than a change of seed).
    /// </summary>
    public MlpPrecision Precision { get; init; } = MlpPrecision.Float64;

    /// <summary>
    /// Train with the portable kernel (<see cref="Vector{T}"/>-wide) even where the 512-bit kernel could run: the same
    /// maths with a different rounding order (tests compare the two).
    /// </summary>
    public bool PortableKernel { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (HiddenUnits < 1) throw new ArgumentOutOfRangeException(nameof(HiddenUnits), HiddenUnits, "must be at least 1");
        if (!(Alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "must be non-negative");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "must be in [0, 1)");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "must be in [0, 1)");
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "must be positive");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
        if (MaxEpochs < 1) throw new ArgumentOutOfRangeException(nameof(MaxEpochs), MaxEpochs, "must be at least 1");
        if (!(Tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "must be non-negative");
        if (NoImprovementEpochs < 0) throw new ArgumentOutOfRangeException(nameof(NoImprovementEpochs), NoImprovementEpochs, "must be non-negative");
    }
}
