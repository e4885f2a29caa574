using System.Text.RegularExpressions;
using ActiveLab.Core;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// Builds <see cref="BenchmarkData"/> from a folder of the paper's original <c>.npy</c> arrays (spec §1.9; the
/// benchmark tarballs), so a user who has them runs on exactly the paper's data. Each array may be <c>name.npy</c> or
/// <c>name.npy.gz</c>. Label matrices use NaN (or a negative integer) for a missing cell.
/// <list type="bullet">
/// <item>always: <c>true_labels_labeled</c>, <c>true_labels_test</c> (int or float, length N);</item>
/// <item>inputs: <c>X_{labeled,unlabeled,test}</c> (N × d float) or, for images, <c>images_{labeled,unlabeled,test}</c>
/// (integer image indices, or '&lt;U' paths whose file name ends in the test index, e.g.
/// <c>.../test_batch_index_0042.png</c>);</item>
/// <item>multi-annotator benchmarks: <c>multiannotator_labels_labeled</c> (N_L × M) and the complete pools
/// <c>extra_labels_labeled</c> (N_L × M') and <c>extra_labels_unlabeled</c>; single-vs-multiannotator adds
/// <c>single_labels_labeled</c>;</item>
/// <item>single-annotator: <c>noisy_labels_labeled</c> and <c>noisy_labels_unlabeled</c> (one label per example;
/// A = N_L × 1, each pool row = that one label);</item>
/// <item>without <c>true_labels_unlabeled</c> the unlabeled pool is empty (wall-robot-complete).</item>
/// </list>
/// </summary>
public static partial class NpyBenchmarkLoader
{
    /// <summary>Whether <paramref name="folder"/> looks like a folder of original arrays (has <c>true_labels_labeled</c>).</summary>
    public static bool IsArrayFolder(string folder) => Find(folder, "true_labels_labeled") is not null;

    /// <summary>Lower-case hex SHA-256 over the name and bytes of every file directly in <paramref name="folder"/>
    /// (ordinal name order): a sweep's config hash includes it, so changed arrays are refused on resume.</summary>
    public static string ContentHash(string folder)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            try
            {
                hash.AppendData(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DataFormatException(file, $"cannot read the file: {e.Message}", inner: e);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Loads the arrays in <paramref name="folder"/> as benchmark <paramref name="name"/>.</summary>
    /// <param name="folder">Folder with the arrays.</param>
    /// <param name="name">Canonical benchmark name (sets K, class names, protocol); unknown names get K = max label + 1.</param>
    /// <param name="seed">Recorded in <see cref="BenchmarkData.Seed"/> (the arrays need no randomness).</param>
    /// <exception cref="DataFormatException">A required array is missing or malformed, or arrays disagree in length.</exception>
    public static BenchmarkData Load(string folder, string name, ulong seed = 0)
    {
        int[] yL = Require(folder, "true_labels_labeled").ToInt32s();
        int[] yT = Require(folder, "true_labels_test").ToInt32s();
        int[] yU = Optional(folder, "true_labels_unlabeled")?.ToInt32s() ?? [];
        bool hasUnlabeled = yU.Length > 0;

        bool isCifar = name == BenchmarkNames.Cifar10h;
        bool isWall = !isCifar && (name.StartsWith(BenchmarkNames.WallRobot, StringComparison.Ordinal)
                                   || name.StartsWith(BenchmarkNames.SingleVsMultiannotator, StringComparison.Ordinal)
                                   || name == BenchmarkNames.SingleAnnotator);
        int k = isCifar ? CifarClasses.Count : isWall ? WallRobotDataset.NumClasses : yL.Concat(yT).Concat(yU).Max() + 1;
        IReadOnlyList<string> classNames = isCifar ? CifarClasses.Names
            : isWall ? WallRobotDataset.ClassNames
            : Enumerable.Range(0, k).Select(c => $"class {c}").ToArray();

        var labeled = Part(folder, "labeled", yL);
        var test = Part(folder, "test", yT);
        var unlabeled = hasUnlabeled
            ? Part(folder, "unlabeled", yU)
            : BenchmarkSplit.Empty(labeled.Features?.Columns ?? 0, labeled.ImageIndices is not null);

        LabelMatrix initial;
        LabelMatrix? completeL, completeU;
        int[]? single = null, noisyU = null;
        var noisyL = Optional(folder, "noisy_labels_labeled");
        if (noisyL is not null)
        {
            single = Labels(noisyL, k, yL.Length);
            noisyU = hasUnlabeled ? Labels(Require(folder, "noisy_labels_unlabeled"), k, yU.Length) : [];
            initial = LabelMatrix.FromSingleColumn(single);
            completeL = initial;
            completeU = LabelMatrix.FromSingleColumn(noisyU);
        }
        else
        {
            initial = Matrix2D(Require(folder, "multiannotator_labels_labeled"), k, yL.Length);
            completeL = Matrix2D(Require(folder, "extra_labels_labeled"), k, yL.Length);
            completeU = hasUnlabeled
                ? Matrix2D(Require(folder, "extra_labels_unlabeled"), k, yU.Length)
                : new LabelMatrix.Builder(0, completeL.Columns).Build();
            var singleArray = Optional(folder, "single_labels_labeled");
            if (singleArray is not null) single = Labels(singleArray, k, yL.Length);
        }

        var data = new BenchmarkData
        {
            Name = name,
            NumClasses = k,
            ClassNames = classNames,
            Seed = seed,
            Labeled = labeled,
            Unlabeled = unlabeled,
            Test = test,
            InitialLabels = initial,
            PoolLabeled = LabelPool.FromLabelMatrix(completeL),
            PoolUnlabeled = LabelPool.FromLabelMatrix(completeU),
            CompleteLabeled = completeL,
            CompleteUnlabeled = completeU,
            SingleLabels = single,
            NoisyLabelsUnlabeled = noisyU,
            Protocol = BenchmarkCatalog.ProtocolOf(name),
            Provenance = $"original benchmark arrays from {folder} (spec §1.9)",
        };
        try
        {
            data.Validate();
        }
        catch (InvalidOperationException e)
        {
            throw new DataFormatException(folder, $"the arrays are inconsistent: {e.Message}", inner: e);
        }
        return data;
    }

    private static BenchmarkSplit Part(string folder, string part, int[] y)
    {
        var x = Optional(folder, $"X_{part}");
        if (x is not null)
        {
            var features = x.ToMatrix();
            if (features.Rows != y.Length)
                throw new DataFormatException(x.SourcePath, $"{features.Rows} rows, but true_labels_{part} has {y.Length}");
            return new BenchmarkSplit(features, null, y);
        }
        var images = Optional(folder, $"images_{part}")
                     ?? throw new DataFormatException(Path.Combine(folder, $"X_{part}.npy"), $"file not found (and no images_{part}.npy either)");
        int[] indices = images.Strings is not null ? images.Strings.Select((s, i) => ImageIndex(s, images.SourcePath, i)).ToArray() : images.ToInt32s();
        if (indices.Length != y.Length)
            throw new DataFormatException(images.SourcePath, $"{indices.Length} entries, but true_labels_{part} has {y.Length}");
        return new BenchmarkSplit(null, indices, y);
    }

    private static int ImageIndex(string path, string file, int element)
    {
        var m = TrailingNumber().Match(path);
        if (!m.Success)
            throw new DataFormatException(file, $"element {element} ('{path}') does not end in an image index");
        return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(\d+)(\.[A-Za-z]+)?$")]
    private static partial Regex TrailingNumber();

    private static int[] Labels(NpyArray array, int k, int expected)
    {
        int[] labels = array.ToInt32s();
        if (labels.Length != expected)
            throw new DataFormatException(array.SourcePath, $"{labels.Length} labels, expected {expected}");
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)k)
                throw new DataFormatException(array.SourcePath, $"element {i} = {labels[i]} is not a class 0..{k - 1}");
        return labels;
    }

    private static LabelMatrix Matrix2D(NpyArray array, int k, int expectedRows)
    {
        var m = array.ToLabelMatrix(k);
        if (m.Rows != expectedRows)
            throw new DataFormatException(array.SourcePath, $"{m.Rows} rows, expected {expectedRows}");
        return m;
    }

    private static string? Find(string folder, string array) =>
        DataFile.FirstExisting(Path.Combine(folder, array + ".npy"), Path.Combine(folder, array + ".npy.gz"));

    private static NpyArray? Optional(string folder, string array) => Find(folder, array) is string p ? NpyReader.Read(p) : null;

    private static NpyArray Require(string folder, string array) =>
        Optional(folder, array) ?? throw new DataFormatException(Path.Combine(folder, array + ".npy"), "file not found (required original array)");
}
