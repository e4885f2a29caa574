using System.Runtime.CompilerServices;
using ActiveLab.Core;

namespace ActiveLab.Models;

/// <summary>
/// A fitted one-hidden-layer ReLU network (sklearn <c>MLPClassifier</c>). Prediction runs in double.
/// <para>
/// The network only knows the classes present in its training labels (as sklearn's classes_): with three or more it
/// has a softmax output per class; with two, one logistic output giving P(larger class); with one, it predicts that
/// class with probability 1. Classes of 0..K−1 absent from training get probability 0 in <see cref="PredictProba"/>.
/// </para>
/// </summary>
public sealed class MlpModel : IFittedClassifier
{
    private readonly MlpLayout _layout;
    private readonly double[] _parameters;  // empty for a one-class model
    private readonly int[] _classes;        // network class index → label in 0..K−1
    private readonly double[] _lossCurve;

    internal MlpModel(MlpLayout layout, double[] parameters, int[] classes, int numFeatures, int numClasses,
        double[] lossCurve, bool converged)
    {
        _layout = layout;
        _parameters = parameters;
        _classes = classes;
        NumFeatures = numFeatures;
        NumClasses = numClasses;
        _lossCurve = lossCurve;
        Converged = converged;
    }

    /// <inheritdoc />
    public int NumFeatures { get; }

    /// <inheritdoc />
    public int NumClasses { get; }

    /// <summary>Epochs trained (sklearn n_iter_).</summary>
    public int Epochs => _lossCurve.Length;

    /// <summary>Mean training loss of each epoch (sklearn loss_curve_).</summary>
    public IReadOnlyList<double> LossCurve => _lossCurve;

    /// <summary>True when training stopped on the no-improvement rule, false when it hit max epochs (sklearn would warn
    /// "Stochastic Optimizer: Maximum iterations reached and the optimization hasn't converged yet").</summary>
    public bool Converged { get; }

    /// <summary>The labels the network was trained on (its output order), ascending.</summary>
    public IReadOnlyList<int> TrainedClasses => _classes;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictProba(Matrix x, Matrix destination)
    {
        TrainingInput.ValidatePredict(x, destination, NumFeatures, NumClasses);
        Array.Clear(destination.Data);
        if (_classes.Length == 1)
        {
            for (int i = 0; i < x.Rows; i++) destination[i, _classes[0]] = 1.0;
            return;
        }
        var hidden = new double[_layout.HiddenPadded];
        var outputs = new double[_layout.OutputsPadded];
        int nOut = _layout.Outputs;
        for (int i = 0; i < x.Rows; i++)
        {
            MlpKernel<double>.ForwardRow(_layout, _parameters, x.ReadRow(i), hidden, outputs);
            MlpKernel<double>.Activate(outputs, nOut);
            var row = destination.Row(i);
            if (nOut == 1)
            {
                row[_classes[0]] = 1.0 - outputs[0];
                row[_classes[1]] = outputs[0];
            }
            else
            {
                for (int k = 0; k < nOut; k++) row[_classes[k]] = outputs[k];
            }
        }
    }
}
