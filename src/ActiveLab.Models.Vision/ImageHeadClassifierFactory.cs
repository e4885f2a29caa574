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
        var device = TorchDevice.Resolve(Settings.DeviceRequest);
        var (oneClass, fit) = Prepare(x, y, numClasses, rng, device.ToString());
        if (oneClass is not null) return oneClass;

        TorchRuntime.SetThreads(Settings.ThreadsPerSlot);
        using var trainer = new ImageHeadTrainer(fit!.Standardized, fit.Features, fit.Encoded, fit.TrainRows, fit.ValidationRows,
            fit.Classes.Length, Options, rng, device);
        trainer.Train();
        return Model(fit, device.ToString(), trainer.KeptParameters(), trainer.TrainLoss, trainer.ValidationAccuracy,
            trainer.ValidationLoss, trainer.BestEpoch, trainer.StoppedEarly);
    }

    /// <summary>
    /// Trains the jobs together (<see cref="ImageHeadBatchTrainer"/>): each job is prepared exactly as by
    /// <see cref="FitModel"/> (one-class fits need no head; stratified holdout and standardisation from its own
    /// <see cref="Rng"/>), then the heads of all jobs with the same feature width train as one stacked computation,
    /// each member with its own generator, rows, holdout and class count. Member i equals <c>Fit(jobs[i])</c> up to
    /// floating-point rounding: a batched product sums in another order than a single one, and the backward pass is
    /// written out rather than taken from autograd (tested to 1e-6 in probability when trained in float64; in the
    /// default float32 the rounding differences can grow over the epochs, see src/ActiveLab.Models.Vision/README.md).
    /// It pays where one head is launch-bound (a GPU); on a CPU it is somewhat slower than the fits one by one
    /// (1.2–1.35× measured with 8 default heads on one thread).
    /// </summary>
    public IFittedClassifier[] FitMany(IReadOnlyList<ClassifierTrainingJob> jobs) => [.. FitModels(jobs)];

    /// <inheritdoc />
    public bool BatchesFits => true;

    /// <summary><see cref="FitMany"/> with the concrete model type.</summary>
    public ImageHeadModel[] FitModels(IReadOnlyList<ClassifierTrainingJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var device = TorchDevice.Resolve(Settings.DeviceRequest);
        string deviceName = device.ToString();
        var models = new ImageHeadModel[jobs.Count];
        var fits = new PreparedFit?[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var (oneClass, fit) = Prepare(job.X, job.Y.Span, job.NumClasses, job.Rng, deviceName);
            if (oneClass is not null) models[i] = oneClass;
            else fits[i] = fit;
        }
        TorchRuntime.SetThreads(Settings.ThreadsPerSlot);
        foreach (var group in Enumerable.Range(0, jobs.Count).Where(i => fits[i] is not null).GroupBy(i => fits[i]!.Features))
        {
            int[] members = [.. group];
            using var trainer = new ImageHeadBatchTrainer(
                [.. members.Select(i => new ImageHeadBatchTrainer.Member(fits[i]!.Standardized, fits[i]!.Encoded, fits[i]!.TrainRows,
                    fits[i]!.ValidationRows, fits[i]!.Classes.Length, jobs[i].Rng))],
                group.Key, Options, device);
            trainer.Train();
            for (int b = 0; b < members.Length; b++)
            {
                int i = members[b];
                models[i] = Model(fits[i]!, deviceName, trainer.KeptParameters(b), trainer.TrainLoss(b), trainer.ValidationAccuracy(b),
                    trainer.ValidationLoss(b), trainer.BestEpoch(b), trainer.StoppedEarly(b));
            }
        }
        return models;
    }

    /// <summary>A fit prepared for training: its classes, encoded labels, holdout and standardised features.</summary>
    private sealed record PreparedFit(int[] Classes, int[] Encoded, int[] TrainRows, int[] ValidationRows, float[] Mean, float[] Scale,
        float[] Standardized, int Features, int NumClasses);

    /// <summary>
    /// The per-fit work before training, shared by <see cref="FitModel"/> and <see cref="FitModels"/>: the one-class
    /// model when y holds a single class, otherwise the encoded labels, the stratified holdout (drawn from
    /// <paramref name="rng"/>) and the standardised features.
    /// </summary>
    private (ImageHeadModel? OneClass, PreparedFit? Fit) Prepare(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng, string deviceName)
    {
        TrainingInput.Validate(x, y, numClasses);
        ArgumentNullException.ThrowIfNull(rng);
        int n = x.Rows, f = x.Columns;

        var present = new bool[numClasses];
        foreach (int label in y) present[label] = true;
        int[] classes = [.. Enumerable.Range(0, numClasses).Where(c => present[c])];
        if (classes.Length == 1)
            return (ImageHeadModel.OneClass(classes[0], f, numClasses, deviceName, Settings.ThreadsPerSlot, [.. Enumerable.Range(0, n)]), null);

        var index = new int[numClasses];
        for (int i = 0; i < classes.Length; i++) index[classes[i]] = i;
        var encoded = new int[n];
        for (int i = 0; i < n; i++) encoded[i] = index[y[i]];

        var (trainRows, validationRows) = Holdout(encoded, classes.Length, Options.ValidationFraction, rng);
        var (mean, scale) = Options.Standardize ? Moments(x, trainRows) : (new float[f], Enumerable.Repeat(1f, f).ToArray());
        var standardized = ImageHeadModel.Standardize(x, mean, scale);
        return (null, new PreparedFit(classes, encoded, trainRows, validationRows, mean, scale, standardized, f, numClasses));
    }

    private ImageHeadModel Model(PreparedFit fit, string deviceName, float[][] kept, IReadOnlyList<double> trainLoss,
        IReadOnlyList<double> validationAccuracy, IReadOnlyList<double> validationLoss, int bestEpoch, bool stoppedEarly) =>
        new(kept, fit.Mean, fit.Scale, fit.Classes, fit.Features, fit.NumClasses, Options.HiddenUnits, deviceName, Settings.ThreadsPerSlot,
            fit.TrainRows, fit.ValidationRows, [.. trainLoss], [.. validationAccuracy], [.. validationLoss], bestEpoch, stoppedEarly);

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
