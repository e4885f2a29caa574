using System.Globalization;

namespace ActiveLab.Data;

/// <summary>
/// The benchmarks by name: <c>wall-robot</c>, <c>wall-robot-complete</c>, <c>single-vs-multiannotator/0.6</c> …
/// <c>/1.0</c>, <c>single-annotator</c>, <c>cifar-10h</c>. Everything is built from local files (never a download):
/// regenerated with seeded streams from the data directory, or loaded from the original arrays when
/// <see cref="DataSettings.OriginalArraysDir"/> is set.
/// </summary>
public static class BenchmarkCatalog
{
    /// <summary>Every buildable name, in spec order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        BenchmarkNames.WallRobot,
        BenchmarkNames.WallRobotComplete,
        .. BenchmarkNames.SingleVsMultiannotatorTaus.Select(BenchmarkNames.SingleVsMultiannotatorFor),
        BenchmarkNames.SingleAnnotator,
        BenchmarkNames.Cifar10h,
    ];

    /// <summary>Families (benchmark folders of the spec): the names above with the τ levels collapsed.</summary>
    public static IReadOnlyList<string> Families { get; } =
    [
        BenchmarkNames.WallRobot, BenchmarkNames.WallRobotComplete, BenchmarkNames.SingleVsMultiannotator,
        BenchmarkNames.SingleAnnotator, BenchmarkNames.Cifar10h,
    ];

    /// <summary>
    /// The canonical name of <paramref name="name"/> (case-insensitive). Accepted aliases: the spec's folder names
    /// (<c>wall-robot-completely-labeled</c>, <c>extra-benchmarks/…</c>), <c>cifar10h</c>, and τ written as "1" or "0.60".
    /// </summary>
    /// <exception cref="UnknownBenchmarkException">The name is not known (message lists <see cref="Names"/>).</exception>
    public static string Canonicalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string n = name.Trim().ToLowerInvariant().Replace('\\', '/');
        if (n.StartsWith("extra-benchmarks/", StringComparison.Ordinal)) n = n["extra-benchmarks/".Length..];
        n = n switch
        {
            "wall-robot-completely-labeled" or "wall-robot-completely_labeled" => BenchmarkNames.WallRobotComplete,
            "cifar10h" or "cifar-10-h" => BenchmarkNames.Cifar10h,
            _ => n,
        };
        string prefix = BenchmarkNames.SingleVsMultiannotator + "/";
        if (n.StartsWith(prefix, StringComparison.Ordinal)
            && double.TryParse(n[prefix.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double tau)
            && BenchmarkNames.SingleVsMultiannotatorTaus.Any(t => Math.Abs(t - tau) < 1e-9))
            n = BenchmarkNames.SingleVsMultiannotatorFor(tau);
        if (Names.Contains(n) || Families.Contains(n)) return n;
        throw new UnknownBenchmarkException(name, Names);
    }

    /// <summary>The buildable names of a name or family (<c>single-vs-multiannotator</c> → its five τ levels).</summary>
    public static IReadOnlyList<string> Expand(string nameOrFamily)
    {
        string n = Canonicalize(nameOrFamily);
        return n == BenchmarkNames.SingleVsMultiannotator
            ? BenchmarkNames.SingleVsMultiannotatorTaus.Select(BenchmarkNames.SingleVsMultiannotatorFor).ToArray()
            : [n];
    }

    /// <summary>The spec's SEED of a benchmark: wall-robot 123, wall-robot-complete 111, single-vs-multiannotator 1234,
    /// single-annotator 0, cifar-10h 123 (its two splits used random_state 123 and 456).</summary>
    public static ulong DefaultSeed(string name) => Family(Canonicalize(name)) switch
    {
        BenchmarkNames.WallRobot => WallRobotBenchmark.DefaultSeed,
        BenchmarkNames.WallRobotComplete => WallRobotCompleteBenchmark.DefaultSeed,
        BenchmarkNames.SingleVsMultiannotator => SingleVsMultiannotatorBenchmark.DefaultSeed,
        BenchmarkNames.SingleAnnotator => SingleAnnotatorBenchmark.DefaultSeed,
        _ => Cifar10hBenchmark.DefaultSeed,
    };

    /// <summary>Round-loop constants of the spec (§0.1) for a benchmark.</summary>
    public static BenchmarkProtocol ProtocolOf(string name)
    {
        string family;
        try { family = Family(Canonicalize(name)); }
        catch (UnknownBenchmarkException) { return new BenchmarkProtocol(20, 100, 5); }
        return family switch
        {
            BenchmarkNames.Cifar10h => new BenchmarkProtocol(13, 500, 5),
            BenchmarkNames.SingleVsMultiannotator => new BenchmarkProtocol(15, 100, 5),
            BenchmarkNames.SingleAnnotator => new BenchmarkProtocol(10, 100, 5),
            _ => new BenchmarkProtocol(20, 100, 5),
        };
    }

    /// <summary>
    /// Builds one benchmark. Seed = <see cref="DataSettings.Seed"/> or <see cref="DefaultSeed"/>.
    /// </summary>
    /// <exception cref="UnknownBenchmarkException">Unknown name, or a family name with several members
    /// (use <see cref="BuildAll"/> or a member name).</exception>
    /// <exception cref="DataFormatException">A data file is missing or malformed.</exception>
    public static BenchmarkData Build(string name, DataSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string n = Canonicalize(name);
        if (n == BenchmarkNames.SingleVsMultiannotator)
            throw new UnknownBenchmarkException(name, Expand(n));
        ulong seed = settings.Seed ?? DefaultSeed(n);

        if (settings.OriginalArraysDir is string arrays)
            return NpyBenchmarkLoader.Load(OriginalArraysFolder(arrays, n), n, seed);

        if (n == BenchmarkNames.Cifar10h) return Cifar10hBenchmark.Build(settings.DataDir, seed);
        var source = WallRobotLoader.LoadFromDataDir(settings.DataDir);
        return n switch
        {
            BenchmarkNames.WallRobot => WallRobotBenchmark.Build(source, seed),
            BenchmarkNames.WallRobotComplete => WallRobotCompleteBenchmark.Build(source, seed),
            BenchmarkNames.SingleAnnotator => SingleAnnotatorBenchmark.Build(source, seed),
            _ => SingleVsMultiannotatorBenchmark.Build(source, Tau(n), seed),
        };
    }

    /// <summary>
    /// The folder of original arrays that <see cref="Build"/> loads for <paramref name="name"/>: <paramref name="arraysDir"/>
    /// itself when it holds the arrays, else its sub-folder named after the benchmark (<c>wall-robot/</c>,
    /// <c>single-vs-multiannotator/0.6/</c>, …).
    /// </summary>
    /// <exception cref="DataFormatException">Neither holds the arrays.</exception>
    public static string OriginalArraysFolder(string arraysDir, string name)
    {
        string n = Canonicalize(name);
        string folder = NpyBenchmarkLoader.IsArrayFolder(arraysDir) ? arraysDir : Path.Combine(arraysDir, n);
        if (!NpyBenchmarkLoader.IsArrayFolder(folder))
            throw new DataFormatException(Path.Combine(folder, "true_labels_labeled.npy"),
                $"file not found: the original-arrays folder holds neither the arrays nor a '{n}' sub-folder with them");
        return folder;
    }

    /// <summary>Builds every member of a name or family (<see cref="Expand"/>).</summary>
    public static IReadOnlyList<BenchmarkData> BuildAll(string nameOrFamily, DataSettings settings) =>
        Expand(nameOrFamily).Select(n => Build(n, settings)).ToArray();

    private static string Family(string canonical) =>
        canonical.StartsWith(BenchmarkNames.SingleVsMultiannotator, StringComparison.Ordinal) ? BenchmarkNames.SingleVsMultiannotator : canonical;

    private static double Tau(string canonical) =>
        double.Parse(canonical[(BenchmarkNames.SingleVsMultiannotator.Length + 1)..], CultureInfo.InvariantCulture);
}
