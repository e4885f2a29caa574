using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Models.Torch;

namespace ActiveLab.Models.Vision;

/// <summary>
/// <c>resnet18-head</c>: the C# stand-in for the spec's CIFAR-10H model (§2.4.3), AutoGluon 0.5.2
/// <c>ImagePredictor.fit(hyperparameters = {model: "resnet18", epochs: 100, holdout_frac: 0.2})</c>, which fine-tunes an
/// ImageNet-pretrained ResNet-18 end to end. Here the ResNet-18 is <b>frozen</b>: its 512-d features
/// (<see cref="ResNet18Featurizer"/>, cached by <see cref="FeatureCache"/>) are the input x, and only a small head is
/// trained per fit with libtorch (TorchSharp) — by default 512 → 256 ReLU → K softmax
/// (<see cref="ImageHeadOptions.HiddenUnits"/> = 0 gives a linear softmax layer).
/// <para>
/// Per fit, as AutoGluon does inside <c>fit</c>: 20 % of the fit's rows are held out for validation
/// (<see cref="ImageHeadOptions.ValidationFraction"/>; stratified: per class, ascending, round(0.2·n_c) rows — at most
/// n_c − 1 — drawn with a Fisher–Yates shuffle from the fit's <see cref="Rng"/>); the head trains on the other 80 % for
/// up to 100 epochs (mini-batches of 64 reshuffled every epoch, AdamW lr 1e-3, decoupled weight decay 1e-4 on the
/// weight matrices, cross-entropy, features standardised with the training rows' mean and standard deviation); after
/// every epoch the holdout is scored and the weights of the best epoch (validation accuracy, ties → lower log-loss,
/// then earlier; or log-loss only) are kept, as AutoGluon keeps its best checkpoint. Training stops early after 10
/// epochs without a new best (<see cref="ImageHeadOptions.Patience"/>; 0 = always 100 epochs). The final model is the
/// one trained on 80 % (no refit on the holdout), again like AutoGluon.
/// </para>
/// <para>
/// Not reproduced: end-to-end fine-tuning of the backbone (and with it data augmentation, SGD/cosine schedules and
/// the timm weights AutoGluon uses); see src/ActiveLab.Models.Vision/README.md for the consequences.
/// </para>
/// <para>
/// Classes: as <see cref="TorchMlpClassifierFactory"/>, the head knows only the labels present in the fit; absent labels
/// of 0..K−1 get probability 0; a one-class fit predicts that class with certainty. Randomness: every draw (holdout,
/// initial weights, shuffles) comes from the fit's <see cref="Rng"/>, no torch generator is used: on the CPU with a
/// fixed thread count a seed gives bit-identical models. Stateless, so folds may fit concurrently (give each slot the
/// same <see cref="TorchSettings.ThreadsPerSlot"/>).
/// </para>
/// </summary>
public sealed class ImageHeadClassifierFactory : IClassifierFactory
{
    /// <summary>The name in configs, result files and <c>--model</c>.</summary>
    public const string ModelName = "resnet18-head";

    /// <summary>
    /// Creates a factory. <paramref name="options"/> null: the defaults of <see cref="ImageHeadOptions"/>.
    /// <paramref name="settings"/> null: device "auto", one libtorch thread per slot. The device is resolved at the
    /// first fit (building a factory does not load libtorch).
    /// </summary>
    public ImageHeadClassifierFactory(ImageHeadOptions? options = null, TorchSettings? settings = null)
    {
        Options = options ?? new ImageHeadOptions();
        Options.Validate();
        Settings = settings ?? new TorchSettings();
        Settings.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public ImageHeadOptions Options { get; }

    /// <summary>Device and threads.</summary>
    public TorchSettings Settings { get; }

    /// <inheritdoc />
    public string Name => ModelName;

    /// <inheritdoc />
    public IFittedClassifier Fit(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng) => FitModel(x, y, numClasses, rng);

    /// <summary><see cref="Fit"/> with the concrete model type (curves, best epoch, holdout rows).</summary>
    public ImageHeadModel FitModel(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng)
    {
        TrainingInput.Validate(x, y, numClasses);
        ArgumentNullException.ThrowIfNull(rng);
        int n = x.Rows, f = x.Columns;

        var present = new bool[numClasses];
        foreach (int label in y) present[label] = true;
        int[] classes = [.. Enumerable.Range(0, numClasses).Where(c => present[c])];
        var device = TorchDevice.Resolve(Settings.DeviceRequest);
        string deviceName = device.ToString();
        if (classes.Length == 1)
            return ImageHeadModel.OneClass(classes[0], f, numClasses, deviceName, Settings.ThreadsPerSlot, [.. Enumerable.Range(0, n)]);

        var index = new int[numClasses];
        for (int i = 0; i < classes.Length; i++) index[classes[i]] = i;
        var encoded = new int[n];
        for (int i = 0; i < n; i++) encoded[i] = index[y[i]];

        var (trainRows, validationRows) = Holdout(encoded, classes.Length, Options.ValidationFraction, rng);
        var (mean, scale) = Options.Standardize ? Moments(x, trainRows) : (new float[f], Enumerable.Repeat(1f, f).ToArray());
        var standardized = ImageHeadModel.Standardize(x, mean, scale);

        TorchRuntime.SetThreads(Settings.ThreadsPerSlot);
        using var trainer = new ImageHeadTrainer(standardized, f, encoded, trainRows, validationRows, classes.Length, Options, rng, device);
        trainer.Train();
        return new ImageHeadModel(trainer.KeptParameters(), mean, scale, classes, f, numClasses, Options.HiddenUnits, deviceName,
            Settings.ThreadsPerSlot, trainRows, validationRows, [.. trainer.TrainLoss], [.. trainer.ValidationAccuracy],
            [.. trainer.ValidationLoss], trainer.BestEpoch, trainer.StoppedEarly);
    }

    /// <summary>
    /// The stratified holdout: for each class (ascending) its rows (ascending) are shuffled with <paramref name="rng"/>
    /// and the first h_c = min(round(fraction·n_c), n_c − 1) go to validation. Both row lists are returned ascending.
    /// </summary>
    internal static (int[] Train, int[] Validation) Holdout(int[] encoded, int classes, double fraction, Rng rng)
    {
        if (fraction <= 0) return ([.. Enumerable.Range(0, encoded.Length)], []);
        var train = new List<int>(encoded.Length);
        var validation = new List<int>();
        for (int c = 0; c < classes; c++)
        {
            int[] rows = [.. Enumerable.Range(0, encoded.Length).Where(i => encoded[i] == c)];
            rng.Shuffle(rows.AsSpan());
            int take = Math.Min((int)Math.Floor(fraction * rows.Length + 0.5), rows.Length - 1);
            validation.AddRange(rows.Take(take));
            train.AddRange(rows.Skip(take));
        }
        train.Sort();
        validation.Sort();
        return ([.. train], [.. validation]);
    }

    /// <summary>Per-feature mean and standard deviation (population) of the rows; a constant feature gets scale 1.</summary>
    private static (float[] Mean, float[] Scale) Moments(Matrix x, int[] rows)
    {
        int f = x.Columns;
        var sum = new double[f];
        foreach (int r in rows)
        {
            var row = x.ReadRow(r);
            for (int k = 0; k < f; k++) sum[k] += row[k];
        }
        var mean = new double[f];
        for (int k = 0; k < f; k++) mean[k] = sum[k] / rows.Length;
        var squares = new double[f];
        foreach (int r in rows)
        {
            var row = x.ReadRow(r);
            for (int k = 0; k < f; k++) squares[k] += (row[k] - mean[k]) * (row[k] - mean[k]);
        }
        var scale = new float[f];
        for (int k = 0; k < f; k++)
        {
            double sd = Math.Sqrt(squares[k] / rows.Length);
            scale[k] = sd > 1e-12 ? (float)sd : 1f;
        }
        return ([.. mean.Select(m => (float)m)], scale);
    }
}
