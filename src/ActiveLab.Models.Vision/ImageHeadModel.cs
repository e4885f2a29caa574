using ActiveLab.Models;
using ActiveLab.Core;
using ActiveLab.Models.Torch;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ActiveLab.Models.Vision;

/// <summary>
/// A fitted <c>resnet18-head</c> (<see cref="ImageHeadClassifierFactory"/>): standardisation, the kept (best-epoch)
/// weights as float32 arrays on the host, and the training record. Immutable and thread-safe; <see cref="PredictProba"/>
/// runs the layers with libtorch on the device the model was trained on and the softmax in float64.
/// </summary>
public sealed class ImageHeadModel : IFittedClassifier
{
    private readonly float[][] _parameters;   // per layer: W (in × out, row-major), b (out)
    private readonly float[] _mean, _scale;
    private readonly int[] _classes;
    private readonly int _threads;

    internal ImageHeadModel(float[][] parameters, float[] mean, float[] scale, int[] classes, int numFeatures, int numClasses,
        int hiddenUnits, string device, int threads, int[] trainRows, int[] validationRows, double[] trainLoss,
        double[] validationAccuracy, double[] validationLoss, int bestEpoch, bool stoppedEarly)
    {
        _parameters = parameters;
        _mean = mean;
        _scale = scale;
        _classes = classes;
        NumFeatures = numFeatures;
        NumClasses = numClasses;
        HiddenUnits = hiddenUnits;
        Device = device;
        _threads = threads;
        TrainingRows = trainRows;
        ValidationRows = validationRows;
        TrainLoss = trainLoss;
        ValidationAccuracy = validationAccuracy;
        ValidationLoss = validationLoss;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
    }

    internal static ImageHeadModel OneClass(int label, int numFeatures, int numClasses, string device, int threads, int[] rows) =>
        new([], [], [], [label], numFeatures, numClasses, 0, device, threads, rows, [], [], [], [], 0, false);

    /// <inheritdoc />
    public int NumFeatures { get; }

    /// <inheritdoc />
    public int NumClasses { get; }

    /// <summary>Hidden units (0: linear head).</summary>
    public int HiddenUnits { get; }

    /// <summary>The torch device the model was trained on and predicts on ("cpu" or "cuda:N").</summary>
    public string Device { get; }

    /// <summary>The labels the head was trained on (its outputs), ascending.</summary>
    public IReadOnlyList<int> TrainedClasses => _classes;

    /// <summary>Rows of the fit's x the head was trained on (ascending).</summary>
    public IReadOnlyList<int> TrainingRows { get; }

    /// <summary>Rows of the fit's x held out for validation (ascending; empty without holdout).</summary>
    public IReadOnlyList<int> ValidationRows { get; }

    /// <summary>Mean training cross-entropy of each epoch trained.</summary>
    public IReadOnlyList<double> TrainLoss { get; }

    /// <summary>Validation accuracy after each epoch (empty without holdout).</summary>
    public IReadOnlyList<double> ValidationAccuracy { get; }

    /// <summary>Validation mean log-loss after each epoch (empty without holdout).</summary>
    public IReadOnlyList<double> ValidationLoss { get; }

    /// <summary>Epochs trained.</summary>
    public int EpochsTrained => TrainLoss.Count;

    /// <summary>1-based epoch whose weights the model holds (the best on validation; the last without holdout; 0 for one class).</summary>
    public int BestEpoch { get; }

    /// <summary>True when the patience rule stopped training before MaxEpochs.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Validation accuracy of the kept weights (NaN without holdout).</summary>
    public double BestValidationAccuracy => ValidationAccuracy.Count > 0 && BestEpoch > 0 ? ValidationAccuracy[BestEpoch - 1] : double.NaN;

    /// <summary>(x − mean) / scale as float32, n × F row-major.</summary>
    internal static float[] Standardize(Matrix x, float[] mean, float[] scale)
    {
        int f = x.Columns;
        var result = new float[x.Rows * f];
        for (int i = 0; i < x.Rows; i++)
        {
            var row = x.ReadRow(i);
            var target = result.AsSpan(i * f, f);
            for (int k = 0; k < f; k++) target[k] = (float)((row[k] - mean[k]) / scale[k]);
        }
        return result;
    }

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
        int outputs = _classes.Length;
        float[] logits;
        using (NewDisposeScope())
        using (no_grad())
        {
            var device = torch.device(Device);
            var h = tensor(Standardize(x, _mean, _scale), [x.Rows, NumFeatures], ScalarType.Float32, device);
            int fanIn = NumFeatures;
            for (int layer = 0; layer < _parameters.Length; layer += 2)
            {
                int width = _parameters[layer + 1].Length;
                var w = tensor(_parameters[layer], [fanIn, width], ScalarType.Float32, device);
                var b = tensor(_parameters[layer + 1], [width], ScalarType.Float32, device);
                h = b.addmm(h, w);
                if (layer + 2 < _parameters.Length) h = F.relu(h);
                fanIn = width;
            }
            logits = h.cpu().contiguous().data<float>().ToArray();
        }

        Span<double> row = stackalloc double[outputs];
        for (int i = 0; i < x.Rows; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < outputs; c++) max = Math.Max(max, row[c] = logits[i * outputs + c]);
            double sum = 0;
            for (int c = 0; c < outputs; c++) sum += row[c] = Math.Exp(row[c] - max);
            var target = destination.Row(i);
            for (int c = 0; c < outputs; c++) target[_classes[c]] = row[c] / sum;
        }
    }
}
