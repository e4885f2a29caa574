using ActiveLab.Data;
using Microsoft.ML.OnnxRuntime;

namespace ActiveLab.Models.Vision;

/// <summary>Settings of <see cref="ResNet18Featurizer"/>.</summary>
public sealed record ResNet18FeaturizerOptions
{
    /// <summary>Folder with the ONNX files; null: <see cref="ResNet18ModelFiles.Locate"/>'s search (next to the program).</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>
    /// ONNX Runtime intra-op threads (SessionOptions.IntraOpNumThreads). Default 1: on the shared 2-core machines the
    /// second thread buys ~1.6× at best and slows every other process; 0 lets ONNX Runtime use one per core.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Images per ONNX Runtime call (the batch dimension is made symbolic, see <see cref="OnnxBatchDimension"/>).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (IntraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "must be 0 (one per core) or positive");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
    }
}

/// <summary>
/// 512-d image features from the ImageNet-pretrained ResNet-18 of the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, run on the CPU with ONNX Runtime (Microsoft.ML.OnnxRuntime).
/// <para>
/// Pipeline for each 32×32 CIFAR record: (1) bilinear upsampling to 224×224 (<see cref="ImagePreprocessing"/>), float
/// RGB planes in 0..255; (2) the package's <c>ResNetPreprocess.onnx</c>, exactly as ML.NET's DnnImageFeaturizer uses
/// it: split the channels, reorder to <b>BGR</b>, subtract a 224×224 per-pixel ImageNet mean image (channel means
/// B 103.1, G 115.9, R 123.2) — Caffe/CNTK-style input, <b>no division by a standard deviation</b> (this network was
/// trained on that input; torchvision's mean/std normalisation would be wrong for it); (3) <c>ResNet18.onnx</c> up to
/// the global 7×7 average pool, output [N, 512, 1, 1] = the feature vector (post-ReLU, non-negative).
/// </para>
/// <para>
/// CPU only, on purpose: ONNX Runtime's GPU packages are served too (Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0) but
/// features are computed once per image and cached (<see cref="FeatureCache"/>), so the GPU would save minutes once
/// and would add a CUDA/cuDNN dependency to every machine. Thread-safe: several threads may call
/// <see cref="Featurize(ReadOnlySpan{byte}, int, Span{float}, IProgress{int}?, CancellationToken)"/> at once.
/// Deterministic: the same image gives bit-identical features on every call (independent of the batch it is in, for
/// a fixed thread count and machine).
/// </para>
/// </summary>
public sealed class ResNet18Featurizer : IDisposable
{
    /// <summary>Length of a feature vector.</summary>
    public const int FeatureDimension = 512;

    /// <summary>
    /// Version of the preprocessing (resize convention, input range, use of the package's preprocessing model, batch
    /// handling). It is part of every <see cref="FeatureCache"/> key: bump it whenever features would change.
    /// </summary>
    public const int PreprocessingVersion = 1;

    /// <summary>What <see cref="PreprocessingVersion"/> 1 means.</summary>
    public const string PreprocessingDescription =
        "32x32 RGB bytes -> bilinear (half-pixel centres, clamped) 224x224 float RGB 0..255 -> ResNetPreprocess.onnx " +
        "(BGR, minus the package's 224x224 ImageNet mean image, no std scaling) -> ResNet18.onnx global average pool (512)";

    private readonly InferenceSession _preprocess, _network;
    private readonly string _preprocessInput, _preprocessOutput, _networkInput, _networkOutput;

    /// <summary>Loads both ONNX files (≈ 64 MB), makes their batch dimension symbolic and opens two CPU sessions.</summary>
    /// <exception cref="FileNotFoundException">The ONNX files are not found (see <see cref="ResNet18ModelFiles.Locate"/>).</exception>
    public ResNet18Featurizer(ResNet18FeaturizerOptions? options = null)
    {
        Options = options ?? new ResNet18FeaturizerOptions();
        Options.Validate();
        Files = ResNet18ModelFiles.Locate(Options.ModelDirectory);
        byte[] model = File.ReadAllBytes(Files.ModelPath);
        byte[] prep = File.ReadAllBytes(Files.PreprocessPath);
        ModelSha256 = ResNet18ModelFiles.Sha256Hex(model);
        PreprocessSha256 = ResNet18ModelFiles.Sha256Hex(prep);
        ModelHash = ResNet18ModelFiles.CombinedHash(ModelSha256, PreprocessSha256);

        _preprocess = Open(OnnxBatchDimension.MakeDynamic(prep), Options.IntraOpThreads);
        try
        {
            _network = Open(OnnxBatchDimension.MakeDynamic(model), Options.IntraOpThreads);
        }
        catch
        {
            _preprocess.Dispose();
            throw;
        }
        _preprocessInput = _preprocess.InputNames.Single();
        _preprocessOutput = _preprocess.OutputNames.Single();
        _networkInput = _network.InputNames.Single();
        _networkOutput = _network.OutputNames.Single();
    }

    /// <summary>The settings.</summary>
    public ResNet18FeaturizerOptions Options { get; }

    /// <summary>The ONNX files in use.</summary>
    public ResNet18ModelFiles Files { get; }

    /// <summary>SHA-256 (hex) of ResNet18.onnx as shipped.</summary>
    public string ModelSha256 { get; }

    /// <summary>SHA-256 (hex) of ResNetPreprocess.onnx as shipped.</summary>
    public string PreprocessSha256 { get; }

    /// <summary>SHA-256 over both files' hashes: the "model" part of a <see cref="FeatureCache"/> key (32 bytes).</summary>
    public byte[] ModelHash { get; }

    private static InferenceSession Open(byte[] model, int threads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // Idle worker threads sleep instead of spinning: the cores are shared with other processes.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return new InferenceSession(model, options);
    }

    /// <summary>Features of the given records of <paramref name="images"/>: records.Length × 512 floats, row-major.</summary>
    public float[] Featurize(CifarImages images, ReadOnlySpan<int> records, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var pixels = new byte[records.Length * CifarImages.ImageBytes];
        for (int i = 0; i < records.Length; i++)
        {
            if ((uint)records[i] >= (uint)images.Count)
                throw new ArgumentOutOfRangeException(nameof(records), records[i], $"record index outside 0..{images.Count - 1}");
            images.ImageOf(records[i]).CopyTo(pixels.AsSpan(i * CifarImages.ImageBytes));
        }
        var features = new float[records.Length * FeatureDimension];
        Featurize(pixels, records.Length, features, progress, cancellation);
        return features;
    }

    /// <summary>
    /// Features of <paramref name="count"/> CIFAR records (<paramref name="pixels"/>: count × 3072 bytes, each R, G, B
    /// planes of 32×32) into <paramref name="destination"/> (count × 512 floats). Reports the number of images done
    /// after each batch.
    /// </summary>
    public void Featurize(ReadOnlySpan<byte> pixels, int count, Span<float> destination, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "must be non-negative");
        if (pixels.Length != count * CifarImages.ImageBytes)
            throw new ArgumentException($"{pixels.Length} pixel bytes for {count} images of {CifarImages.ImageBytes}", nameof(pixels));
        if (destination.Length < count * FeatureDimension)
            throw new ArgumentException($"destination holds {destination.Length} floats, need {count * FeatureDimension}", nameof(destination));
        int batch = Math.Min(Options.BatchSize, Math.Max(count, 1));
        var input = new float[batch * ImagePreprocessing.InputFloats];
        using var runOptions = new RunOptions();
        for (int start = 0; start < count; start += batch)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(batch, count - start);
            for (int i = 0; i < n; i++)
                ImagePreprocessing.Upsample(pixels.Slice((start + i) * CifarImages.ImageBytes, CifarImages.ImageBytes),
                    input.AsSpan(i * ImagePreprocessing.InputFloats, ImagePreprocessing.InputFloats));
            long[] shape = [n, 3, ImagePreprocessing.TargetSide, ImagePreprocessing.TargetSide];
            using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                input.AsMemory(0, n * ImagePreprocessing.InputFloats), shape);
            using var prepared = _preprocess.Run(runOptions, [_preprocessInput], [inputValue], [_preprocessOutput]);
            using var output = _network.Run(runOptions, [_networkInput], [prepared[0]], [_networkOutput]);
            var result = output[0];
            var dims = result.GetTensorTypeAndShape().Shape;
            if (dims.Length < 2 || dims[0] != n || dims[1] != FeatureDimension || dims.Skip(2).Any(d => d != 1))
                throw new InvalidOperationException($"ResNet18.onnx returned shape [{string.Join(", ", dims)}], expected [{n}, {FeatureDimension}, 1, 1]");
            result.GetTensorDataAsSpan<float>()[..(n * FeatureDimension)].CopyTo(destination.Slice(start * FeatureDimension, n * FeatureDimension));
            progress?.Report(start + n);
        }
    }

    /// <summary>Releases the ONNX Runtime sessions.</summary>
    public void Dispose()
    {
        _network.Dispose();
        _preprocess.Dispose();
    }
}
