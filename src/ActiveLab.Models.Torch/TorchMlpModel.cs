using ActiveLab.Models;
using ActiveLab.Core;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ActiveLab.Models.Torch;

/// <summary>
/// A fitted one-hidden-layer ReLU network trained by <see cref="TorchMlpClassifierFactory"/>. The weights are kept
/// as float64 arrays on the host (immutable, nothing to dispose); <see cref="PredictProba"/> runs the forward pass
/// with libtorch in float64 on the device the model was trained on.
/// <para>
/// Classes as sklearn's <c>classes_</c>: the network knows only the labels present in training (softmax over them,
/// one logistic output for two, none for one); labels of 0..K−1 absent from training get probability 0.
/// </para>
/// </summary>
public sealed class TorchMlpModel : IFittedClassifier
{
    private readonly double[] _w1, _b1, _w2, _b2;   // F × H, H, H × O, O (row-major)
    private readonly int[] _classes;
    private readonly double[] _lossCurve;
    private readonly int _threads;

    internal TorchMlpModel(double[][] parameters, int[] classes, int numFeatures, int numClasses, int hidden,
        double[] lossCurve, bool converged, string device, int threads)
    {
        if (parameters.Length == 4)
        {
            (_w1, _b1, _w2, _b2) = (parameters[0], parameters[1], parameters[2], parameters[3]);
        }
        else
        {
            _w1 = _b1 = _w2 = _b2 = [];
        }
        _classes = classes;
        NumFeatures = numFeatures;
        NumClasses = numClasses;
        HiddenUnits = hidden;
        _lossCurve = lossCurve;
        Converged = converged;
        Device = device;
        _threads = threads;
    }

    /// <inheritdoc />
    public int NumFeatures { get; }

    /// <inheritdoc />
    public int NumClasses { get; }

    /// <summary>H, the hidden width.</summary>
    public int HiddenUnits { get; }

    /// <summary>The torch device the model was trained on and predicts on ("cpu" or "cuda:N").</summary>
    public string Device { get; }

    /// <summary>Epochs trained (sklearn n_iter_).</summary>
    public int Epochs => _lossCurve.Length;

    /// <summary>Mean training loss of each epoch (sklearn loss_curve_).</summary>
    public IReadOnlyList<double> LossCurve => _lossCurve;

    /// <summary>True when training stopped on the no-improvement rule, false when it hit max epochs.</summary>
    public bool Converged { get; }

    /// <summary>The labels the network was trained on (its output order), ascending.</summary>
    public IReadOnlyList<int> TrainedClasses => _classes;

    /// <summary>Input weights, F × H row-major (sklearn coefs_[0]); empty for a one-class model.</summary>
    public ReadOnlySpan<double> W1 => _w1;

    /// <summary>Hidden biases, H (sklearn intercepts_[0]).</summary>
    public ReadOnlySpan<double> B1 => _b1;

    /// <summary>Output weights, H × O row-major (sklearn coefs_[1]); O = 1 for two classes.</summary>
    public ReadOnlySpan<double> W2 => _w2;

    /// <summary>Output biases, O (sklearn intercepts_[1]).</summary>
    public ReadOnlySpan<double> B2 => _b2;

    /// <inheritdoc />
    public void PredictProba(Matrix x, Matrix destination)
    {
        TrainingInput.ValidatePredict(x, destination, NumFeatures, NumClasses);
        Array.Clear(destination.Data);
        if (_classes.Length == 1)
        {
            for (int i = 0; i < x.Rows; i++) destination[i, _classes[0]] = 1.0;
            return;
        }
        if (x.Rows == 0) return;

        TorchRuntime.SetThreads(_threads);
        int outputs = _b2.Length;
        double[] probabilities;
        using (NewDisposeScope())
        using (no_grad())
        {
            var device = torch.device(Device);
            var input = tensor(x.Data, [x.Rows, NumFeatures], ScalarType.Float64, device);
            var w1 = tensor(_w1, [NumFeatures, HiddenUnits], ScalarType.Float64, device);
            var b1 = tensor(_b1, [HiddenUnits], ScalarType.Float64, device);
            var w2 = tensor(_w2, [HiddenUnits, outputs], ScalarType.Float64, device);
            var b2 = tensor(_b2, [outputs], ScalarType.Float64, device);
            var logits = b2.addmm(F.relu(b1.addmm(input, w1)), w2);
            var p = outputs == 1 ? logits.sigmoid() : F.softmax(logits, 1);
            probabilities = p.cpu().contiguous().data<double>().ToArray();
        }

        for (int i = 0; i < x.Rows; i++)
        {
            var row = destination.Row(i);
            if (outputs == 1)
            {
                double p1 = probabilities[i];
                row[_classes[0]] = 1.0 - p1;
                row[_classes[1]] = p1;
            }
            else
            {
                for (int k = 0; k < outputs; k++) row[_classes[k]] = probabilities[i * outputs + k];
            }
        }
    }
}
