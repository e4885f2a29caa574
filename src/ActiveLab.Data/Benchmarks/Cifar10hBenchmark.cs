using ActiveLab.Core;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// <c>cifar-10h</c> (spec §1.6): the 10000 CIFAR-10 test images with their CIFAR-10H human labels, split 5000 test /
/// 5000 train, train split 1000 labeled / 4000 unlabeled. Parts carry image indices (no features; a trainer attaches
/// cached embeddings with <see cref="BenchmarkData.WithFeatures"/>).
/// </summary>
public static class Cifar10hBenchmark
{
    public const ulong DefaultSeed = 123;
    public const int TestCount = 5000;
    public const int UnlabeledCount = 4000;

    /// <summary>
    /// Builds the benchmark from <paramref name="dataDir"/> (files: <see cref="CifarFiles"/>).
    /// <para>True labels: <c>cifar10_test_labels.csv</c>, else the label bytes of the image file.</para>
    /// <para>Labels: with <c>cifar10h-raw.csv</c> → the 10000 × 2571 matrix; pools = its rows; initial labels =
    /// <see cref="WorstAnnotatorsSelection"/>. Without it → <c>cifar10h-counts</c>; pools = each image's label multiset
    /// (class-ascending, ≈ 51 labels); initial labels = <see cref="CountsInitialLabels"/> (a documented deviation).</para>
    /// <para>Streams (dataset "cifar-10h", <paramref name="seed"/>): "split" (10000 → 5000 train / 5000 test),
    /// "labeled-split" (5000 train → 1000 labeled / 4000 unlabeled), "initial-labels".</para>
    /// Shapes: L 1000, U 4000, test 5000 image indices; A 1000 × M (raw: M ≈ 334 after the procedure; counts: 334).
    /// </summary>
    /// <exception cref="DataFormatException">Neither raw nor counts file, no true labels, or a malformed file.</exception>
    public static BenchmarkData Build(string dataDir, ulong seed = DefaultSeed)
    {
        const string name = BenchmarkNames.Cifar10h;
        string? imagePath = CifarFiles.TestImages(dataDir);
        int[] yAll = TrueLabels(dataDir, imagePath);
        string? rawPath = CifarFiles.RawLabels(dataDir);
        string? countsPath = rawPath is null
            ? CifarFiles.Counts(dataDir) ?? throw new DataFormatException(Path.Combine(dataDir, "cifar10h", "cifar10h-counts.csv"),
                "file not found, and no cifar10h/cifar10h-raw.csv either: point the data directory at a folder with the CIFAR-10H labels (e.g. the shared data folder)")
            : null;

        var (train, test) = Splits.TrainTest(yAll.Length, TestCount, ConstructionStreams.For(seed, name, "split"));
        var (labeledIdx, unlabeledIdx) = Splits.TrainTest(train.Length, UnlabeledCount, ConstructionStreams.For(seed, name, "labeled-split"));
        int[] labeled = Splits.Take(train, labeledIdx);
        int[] unlabeled = Splits.Take(train, unlabeledIdx);
        int[] yL = Splits.Take(yAll, labeled);
        var initialRng = ConstructionStreams.For(seed, name, "initial-labels");

        LabelMatrix initial;
        LabelPool poolL, poolU;
        LabelMatrix? completeL = null, completeU = null;
        string provenance;
        if (rawPath is not null)
        {
            var raw = Cifar10hRawLabels.Read(rawPath, yAll.Length);
            completeL = raw.SelectRows(labeled);
            completeU = raw.SelectRows(unlabeled);
            poolL = LabelPool.FromLabelMatrix(completeL);
            poolU = LabelPool.FromLabelMatrix(completeU);
            initial = WorstAnnotatorsSelection.Select(completeL, yL, initialRng, out _);
            provenance = $"CIFAR-10H raw annotations ({rawPath}); worst-annotators initial labels with the seeded RNG (spec §1.6)";
        }
        else
        {
            int[,] counts = Cifar10hCounts.Read(countsPath!);
            if (counts.GetLength(0) != yAll.Length)
                throw new DataFormatException(countsPath!, $"{counts.GetLength(0)} images, but the true labels have {yAll.Length}");
            poolL = PoolFromCounts(counts, labeled);
            poolU = PoolFromCounts(counts, unlabeled);
            initial = CountsInitialLabels.Build(SelectRows(counts, labeled), yL, initialRng);
            provenance = $"CIFAR-10H aggregate counts ({countsPath}); no annotator identity, so the initial labels are " +
                         "a pseudo-annotator matrix with the original's shape (1447 labels, 334 columns, MV 0.822) — see data/README.md";
        }

        var data = new BenchmarkData
        {
            Name = name,
            NumClasses = CifarClasses.Count,
            ClassNames = CifarClasses.Names,
            Seed = seed,
            Labeled = new BenchmarkSplit(null, labeled, yL),
            Unlabeled = new BenchmarkSplit(null, unlabeled, Splits.Take(yAll, unlabeled)),
            Test = new BenchmarkSplit(null, test, Splits.Take(yAll, test)),
            InitialLabels = initial,
            PoolLabeled = poolL,
            PoolUnlabeled = poolU,
            CompleteLabeled = completeL,
            CompleteUnlabeled = completeU,
            ImageSource = imagePath,
            Protocol = new BenchmarkProtocol(Rounds: 13, BatchSize: 500, Runs: 5),
            Provenance = provenance,
        };
        data.Validate();
        return data;
    }

    /// <summary>True labels of the 10000 test images: the labels CSV, else the image file's label bytes.</summary>
    public static int[] TrueLabels(string dataDir, string? imagePath = null)
    {
        string? labelsPath = CifarFiles.TestLabels(dataDir);
        if (labelsPath is not null) return Cifar10TestLabels.Read(labelsPath);
        imagePath ??= CifarFiles.TestImages(dataDir);
        if (imagePath is null)
            throw new DataFormatException(Path.Combine(dataDir, "cifar10-test", "cifar10_test_labels.csv"),
                "file not found, and no CIFAR-10 test image file either: the true labels of the test images are needed");
        return CifarBinaryReader.Read(imagePath).Labels.Select(b => (int)b).ToArray();
    }

    /// <summary>Pool rows of <paramref name="images"/>: each image's labels as a multiset, classes ascending.</summary>
    public static LabelPool PoolFromCounts(int[,] counts, ReadOnlySpan<int> images)
    {
        var rows = new List<IReadOnlyList<int>>(images.Length);
        foreach (int image in images)
        {
            var labels = new List<int>();
            for (int c = 0; c < counts.GetLength(1); c++)
                for (int z = 0; z < counts[image, c]; z++) labels.Add(c);
            rows.Add(labels);
        }
        return LabelPool.FromRows(rows);
    }

    private static int[,] SelectRows(int[,] counts, ReadOnlySpan<int> rows)
    {
        var result = new int[rows.Length, counts.GetLength(1)];
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < counts.GetLength(1); c++) result[r, c] = counts[rows[r], c];
        return result;
    }
}
