using System.Security.Cryptography;

namespace ActiveLab.Models.Vision;

/// <summary>
/// The two ONNX files of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, which the build copies
/// next to the program (<c>DnnImageModels/ResNet18Onnx/ResNet18.onnx</c>, 63.7 MB, ImageNet-pretrained ResNet-18 up to
/// the global average pool, CNTK export; <c>DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx</c>, the package's input
/// preprocessing). Nothing is ever downloaded: a missing file is an error that says where it was looked for.
/// </summary>
public sealed record ResNet18ModelFiles(string ModelPath, string PreprocessPath)
{
    /// <summary>Environment variable naming a folder that holds <c>ResNet18Onnx/</c> and <c>ResNetPrepOnnx/</c> (or the two files).</summary>
    public const string EnvironmentVariable = "ACTIVELAB_RESNET18_DIR";

    /// <summary>SHA-256 (hex) of ResNet18.onnx in Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1.</summary>
    public const string PackageModelSha256 = "e2552f19db2dfdb01b3669537b6a0f1b44da38d18279535492ed5dfc2ef1ff8f";

    /// <summary>SHA-256 (hex) of ResNetPreprocess.onnx in Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1.</summary>
    public const string PackagePreprocessSha256 = "84bf8def78d0befaa3f6e73745d57d7016c6a192ead76f79686bd438c1047004";

    /// <summary>
    /// The <see cref="ResNet18Featurizer.ModelHash"/> of the package's files (SHA-256 over the two hashes above): lets
    /// a process without the ONNX files read a <see cref="FeatureCache"/> (see its read-only constructor).
    /// </summary>
    public static byte[] PackageModelHash => CombinedHash(PackageModelSha256, PackagePreprocessSha256);

    /// <summary>SHA-256 over the two files' SHA-256s (hex, model first).</summary>
    internal static byte[] CombinedHash(string modelSha256, string preprocessSha256) =>
        SHA256.HashData(Convert.FromHexString(modelSha256 + preprocessSha256));

    /// <summary>The model file's path relative to a models folder.</summary>
    public static readonly string ModelRelativePath = Path.Combine("ResNet18Onnx", "ResNet18.onnx");

    /// <summary>The preprocessing file's path relative to a models folder.</summary>
    public static readonly string PreprocessRelativePath = Path.Combine("ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>
    /// Finds the files: <paramref name="directory"/> when given, else $ACTIVELAB_RESNET18_DIR, else
    /// <c>DnnImageModels/</c> next to the program (AppContext.BaseDirectory) or next to this assembly. A folder may hold
    /// the package layout (<c>ResNet18Onnx/ResNet18.onnx</c>, <c>ResNetPrepOnnx/ResNetPreprocess.onnx</c>) or the two files.
    /// </summary>
    /// <exception cref="FileNotFoundException">The files are in none of those places.</exception>
    public static ResNet18ModelFiles Locate(string? directory = null)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(directory)) candidates.Add(directory);
        else
        {
            if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) candidates.Add(env);
            candidates.Add(Path.Combine(AppContext.BaseDirectory, "DnnImageModels"));
            string? assemblyDir = Path.GetDirectoryName(typeof(ResNet18ModelFiles).Assembly.Location);
            if (!string.IsNullOrEmpty(assemblyDir)) candidates.Add(Path.Combine(assemblyDir, "DnnImageModels"));
        }
        foreach (string dir in candidates)
        {
            foreach (var (model, prep) in new[]
                     {
                         (Path.Combine(dir, ModelRelativePath), Path.Combine(dir, PreprocessRelativePath)),
                         (Path.Combine(dir, "ResNet18.onnx"), Path.Combine(dir, "ResNetPreprocess.onnx")),
                     })
            {
                if (File.Exists(model) && File.Exists(prep)) return new ResNet18ModelFiles(Path.GetFullPath(model), Path.GetFullPath(prep));
            }
        }
        throw new FileNotFoundException(
            "the ResNet-18 ONNX files (ResNet18Onnx/ResNet18.onnx and ResNetPrepOnnx/ResNetPreprocess.onnx from the NuGet package " +
            "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1) were not found in: " + string.Join(", ", candidates) +
            ". A program that featurizes images must reference src/ActiveLab.Models.Vision (its build copies them to " +
            $"<output>/DnnImageModels/), or set {EnvironmentVariable} to a folder holding them. Nothing is downloaded.");
    }

    /// <summary>Lower-case hex SHA-256 of a byte array.</summary>
    internal static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
