using System.Globalization;
using System.Security.Cryptography;
using ActiveLab.Core;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Data;

/// <summary>
/// Builds a user's own tabular dataset (<see cref="OwnDatasetDefinition"/>) into the same round-0 state as a
/// benchmark: a seeded labeled/unlabeled split of the train rows, the test rows as they are, and either simulated
/// annotators (the Wall Robot recipe, <see cref="SimulatedAnnotation"/>: noise matrix with trace τ·K, S1 + S2) or the
/// user's real annotations (initial labels = S2 on the labeled rows' annotations; the annotator simulator later
/// reveals labels drawn from each row's complete annotations, spec §2.7). Every problem in the files is a
/// <see cref="DataFormatException"/> naming the file, row and column.
/// </summary>
public static class OwnDataset
{
    /// <summary>Seed of the construction streams when the sweep sets no <c>dataset-seed</c>.</summary>
    public const ulong DefaultSeed = 0;

    /// <summary>
    /// Builds the dataset. Streams (seed, dataset = <see cref="OwnDatasetDefinition.Name"/>): simulated — "annotators",
    /// "labeled-split", "sparsify" as in <see cref="SimulatedAnnotation.Simulate"/>; real annotations — "labeled-split",
    /// "sparsify" (S2 only). Shapes: L N_L × d, U (N − N_L) × d, test as the test file; A N_L × M.
    /// </summary>
    /// <exception cref="DataFormatException">A file is missing, empty or malformed, or the counts do not fit.</exception>
    public static BenchmarkData Build(OwnDatasetDefinition def, string dataDir, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(def);
        ulong s = seed ?? DefaultSeed;
        var train = TabularFile.Read(OwnDatasetDefinition.Resolve(dataDir, def.Train), def.Train);
        var test = TabularFile.Read(OwnDatasetDefinition.Resolve(dataDir, def.Test), def.Test);
        int trainLabel = LabelColumn(train, def.LabelColumn);
        int testLabel = LabelColumn(test, def.LabelColumn);
        string[] features = train.Columns.Where((_, i) => i != trainLabel).ToArray();
        if (features.Length == 0) throw train.Error($"no feature column besides the label column '{def.LabelColumn}'");
        foreach (string c in test.Columns)
            if (c != def.LabelColumn && !features.Contains(c))
                throw test.Error($"column '{c}' is not a column of {def.Train} (test columns must be the train columns)");
        foreach (string c in features)
            if (test.IndexOf(c) < 0)
                throw test.Error($"column '{c}' of {def.Train} is missing (test columns must be the train columns)");

        var classes = ClassNames(train, trainLabel);
        if (classes.Count < 2)
            throw train.Error($"column '{def.LabelColumn}' holds one class ('{classes[0]}'); at least 2 are needed");
        int[] yTrain = Labels(train, trainLabel, classes, def.Train);
        int[] yTest = Labels(test, testLabel, classes, def.Train);
        var xTrain = Features(train, features);
        var xTest = Features(test, features);

        int n = yTrain.Length, k = classes.Count;
        string labeledKey = $"activelab.datasets.{def.Name}.labeled";
        if (def.Labeled >= n)
            throw train.Error($"{labeledKey} = {def.Labeled}, but the file has {n} rows: labeled must be fewer (the other rows form the unlabeled pool)");
        if (def.Labeled < k)
            throw train.Error($"{labeledKey} = {def.Labeled} is fewer than the {k} classes of column '{def.LabelColumn}'");

        int[] labeledRows, unlabeledRows;
        LabelMatrix completeL, completeU, visible;
        double? tau = null;
        string provenance;
        if (def.Annotations is null)
        {
            SimulatedPools pools;
            try
            {
                pools = SimulatedAnnotation.Simulate(yTrain, k, def.AnnotatorAccuracy, def.Annotators, n - def.Labeled, applyS1: true, s, def.Name);
            }
            catch (ActiveLabInputException e)
            {
                throw train.Error($"cannot simulate {def.Annotators} annotators with activelab.datasets.{def.Name}.annotator-accuracy = " +
                    $"{def.AnnotatorAccuracy.ToString(CultureInfo.InvariantCulture)} on these classes: {e.Message}");
            }
            (labeledRows, unlabeledRows) = (pools.LabeledRows, pools.UnlabeledRows);
            (completeL, completeU, visible) = (pools.CompleteLabeled, pools.CompleteUnlabeled, pools.Visible);
            tau = def.AnnotatorAccuracy;
            provenance = $"{def.Train} / {def.Test}: {def.Annotators} simulated annotators, τ = " +
                $"{def.AnnotatorAccuracy.ToString(CultureInfo.InvariantCulture)} (spec §1.4 recipe, S1 + S2), seed {s}";
        }
        else
        {
            var complete = Annotations(def, dataDir, n, classes);
            (labeledRows, unlabeledRows) = Splits.TrainTest(n, n - def.Labeled, ConstructionStreams.For(s, def.Name, "labeled-split"));
            completeL = complete.SelectRows(labeledRows);
            completeU = complete.SelectRows(unlabeledRows);
            visible = Sparsification.LeastAnnotations(completeL, ConstructionStreams.For(s, def.Name, "sparsify"));
            provenance = $"{def.Train} / {def.Test}: real annotations from {def.Annotations} ({complete.Columns} annotators; " +
                $"initial labels = least-annotations sparsification, re-labels drawn from each row's annotations), seed {s}";
        }

        var data = new BenchmarkData
        {
            Name = def.Name,
            NumClasses = k,
            ClassNames = classes,
            Seed = s,
            Labeled = BenchmarkSplit.FromRows(xTrain, yTrain, labeledRows),
            Unlabeled = BenchmarkSplit.FromRows(xTrain, yTrain, unlabeledRows),
            Test = new BenchmarkSplit(xTest, null, yTest),
            InitialLabels = visible,
            PoolLabeled = LabelPool.FromLabelMatrix(completeL),
            PoolUnlabeled = LabelPool.FromLabelMatrix(completeU),
            CompleteLabeled = completeL,
            CompleteUnlabeled = completeU,
            Tau = tau,
            // Informational only: a sweep over an own dataset must set its rounds and batch-size.
            Protocol = new BenchmarkProtocol(Rounds: 20, BatchSize: 100, Runs: 5),
            Provenance = provenance,
        };
        data.Validate();
        return data;
    }

    /// <summary>Lower-case hex SHA-256 over the bytes of every file the dataset reads (train, test, annotations).</summary>
    /// <exception cref="DataFormatException">A file is missing or unreadable.</exception>
    public static string ContentHash(OwnDatasetDefinition def, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(def);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in def.Files)
        {
            string path = OwnDatasetDefinition.Resolve(dataDir, file);
            if (!File.Exists(path)) throw new DataFormatException(file, $"file not found (looked at {path})");
            try
            {
                hash.AppendData(SHA256.HashData(File.ReadAllBytes(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DataFormatException(file, $"cannot read the file: {e.Message}", inner: e);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static int LabelColumn(TabularTable table, string column)
    {
        int i = table.IndexOf(column);
        return i >= 0 ? i : throw table.Error($"no label column '{column}' (columns: {string.Join(", ", table.Columns)})");
    }

    /// <summary>Sorted distinct labels of train: numerically when every label is an integer, else ordinally.</summary>
    private static IReadOnlyList<string> ClassNames(TabularTable train, int column)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < train.Rows.Count; r++)
        {
            string? v = train.Rows[r][column];
            if (string.IsNullOrEmpty(v)) throw train.Error(r, column, "missing label");
            distinct.Add(Canonical(v));
        }
        return distinct.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            ? distinct.OrderBy(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : distinct.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Integers written as 3, 3.0 or +3 name the same class.</summary>
    private static string Canonical(string label) =>
        double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            && d == Math.Floor(d) && Math.Abs(d) < 1e15
            ? ((long)d).ToString(CultureInfo.InvariantCulture)
            : label;

    private static int[] Labels(TabularTable table, int column, IReadOnlyList<string> classes, string trainFile)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var y = new int[table.Rows.Count];
        for (int r = 0; r < y.Length; r++)
        {
            string? v = table.Rows[r][column];
            if (string.IsNullOrEmpty(v)) throw table.Error(r, column, "missing label");
            if (!index.TryGetValue(Canonical(v), out y[r]))
                throw table.Error(r, column, $"class '{v}' never appears in {trainFile} (classes: {string.Join(", ", classes)})");
        }
        return y;
    }

    private static Matrix Features(TabularTable table, string[] columns)
    {
        int[] at = columns.Select(table.IndexOf).ToArray();
        var x = new Matrix(table.Rows.Count, columns.Length);
        for (int r = 0; r < x.Rows; r++)
        {
            var row = table.Rows[r];
            for (int j = 0; j < at.Length; j++)
            {
                string? v = row[at[j]];
                if (string.IsNullOrEmpty(v)) throw table.Error(r, at[j], "missing value");
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                    throw table.Error(r, at[j], $"'{v}' is not a number");
                if (!double.IsFinite(d)) throw table.Error(r, at[j], $"'{v}' is not a finite number");
                x[r, j] = d;
            }
        }
        return x;
    }

    private static LabelMatrix Annotations(OwnDatasetDefinition def, string dataDir, int trainRows, IReadOnlyList<string> classes)
    {
        var table = TabularFile.Read(OwnDatasetDefinition.Resolve(dataDir, def.Annotations!), def.Annotations!);
        if (table.Rows.Count != trainRows)
            throw table.Error($"{table.Rows.Count} rows, but {def.Train} has {trainRows}: one row per train row, in the same order");
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var builder = new LabelMatrix.Builder(trainRows, table.Columns.Count);
        for (int r = 0; r < trainRows; r++)
        {
            int labels = 0;
            for (int c = 0; c < table.Columns.Count; c++)
            {
                string? v = table.Rows[r][c];
                if (string.IsNullOrEmpty(v)) continue;
                if (!index.TryGetValue(Canonical(v), out int label))
                    throw table.Error(r, c, $"'{v}' is not a class of {def.Train} (classes: {string.Join(", ", classes)})");
                builder.Add(r, c, label);
                labels++;
            }
            if (labels == 0)
                throw table.RowError(r, "the row has no annotation in any column (every train row needs at least one)");
        }
        return builder.Build();
    }
}
