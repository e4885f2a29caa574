namespace ActiveLab.Data;

/// <summary>
/// Where the CIFAR files are looked for inside a data directory (first existing candidate wins). Layout of the shared
/// data folder, plus the original distributions' names.
/// </summary>
public static class CifarFiles
{
    /// <summary>The raw per-annotator CIFAR-10H file, or null: <c>cifar10h/cifar10h-raw.csv(.gz)</c> or <c>cifar10h-raw.csv(.gz)</c>.</summary>
    public static string? RawLabels(string dataDir) => DataFile.FirstExisting(
        Path.Combine(dataDir, "cifar10h", "cifar10h-raw.csv"),
        Path.Combine(dataDir, "cifar10h", "cifar10h-raw.csv.gz"),
        Path.Combine(dataDir, "cifar10h-raw.csv"),
        Path.Combine(dataDir, "cifar10h-raw.csv.gz"));

    /// <summary>The aggregate counts, or null: <c>cifar10h/cifar10h-counts.csv</c>, <c>.npy</c> or <c>.npy.gz</c>.</summary>
    public static string? Counts(string dataDir) => DataFile.FirstExisting(
        Path.Combine(dataDir, "cifar10h", "cifar10h-counts.csv"),
        Path.Combine(dataDir, "cifar10h", "cifar10h-counts.npy"),
        Path.Combine(dataDir, "cifar10h", "cifar10h-counts.npy.gz"),
        Path.Combine(dataDir, "cifar10h-counts.csv"),
        Path.Combine(dataDir, "cifar10h-counts.npy"));

    /// <summary>The CIFAR-10 test labels CSV, or null: <c>cifar10-test/cifar10_test_labels.csv</c>.</summary>
    public static string? TestLabels(string dataDir) => DataFile.FirstExisting(
        Path.Combine(dataDir, "cifar10-test", "cifar10_test_labels.csv"),
        Path.Combine(dataDir, "cifar10_test_labels.csv"));

    /// <summary>
    /// The CIFAR-10 test image file (standard layout), or null. The lossless official <c>test_batch.bin</c> is preferred
    /// (<c>cifar-10-batches-bin/test_batch.bin</c>, <c>cifar10-test/test_batch.bin</c>), then the shared JPEG-decoded
    /// <c>cifar10-test/cifar10_test_from_jpeg.bin(.gz)</c>.
    /// </summary>
    public static string? TestImages(string dataDir) => DataFile.FirstExisting(
        Path.Combine(dataDir, "cifar-10-batches-bin", "test_batch.bin"),
        Path.Combine(dataDir, "cifar10-test", "test_batch.bin"),
        Path.Combine(dataDir, "test_batch.bin"),
        Path.Combine(dataDir, "cifar10-test", "cifar10_test_from_jpeg.bin.gz"),
        Path.Combine(dataDir, "cifar10-test", "cifar10_test_from_jpeg.bin"));
}
