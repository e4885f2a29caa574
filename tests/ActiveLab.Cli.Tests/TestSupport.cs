using System.Globalization;
using System.Text;
using ActiveLab.Core;

namespace ActiveLab.Cli.Tests;

/// <summary>What one in-process run of the tool returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>The non-empty lines written to stderr.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal static class Cli
{
    /// <summary>Runs <c>activelab</c> in-process with captured stdout/stderr.</summary>
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = Program.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A temporary directory deleted at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "activelab-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Full path of <paramref name="name"/> inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="content"/> (UTF-8, no BOM) and returns the full path.</summary>
    public string Write(string name, string content)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    /// <summary>Names of all files in the directory (temporary files included).</summary>
    public string[] FileNames() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).OfType<string>().Order().ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// A small deterministic data set (labels with missing cells, P and Q whose rows sum to 1) held in memory, able to
/// write itself as the CSV files the command reads and to build the Core inputs directly.
/// </summary>
internal sealed class Dataset
{
    public Dataset(string[] annotators, string[] classes, int?[][] labels, double[][] predProbs, double[][]? unlabeled)
    {
        Annotators = annotators;
        Classes = classes;
        Labels = labels;
        PredProbs = predProbs;
        Unlabeled = unlabeled;
    }

    public string[] Annotators { get; }
    public string[] Classes { get; }
    public int?[][] Labels { get; }
    public double[][] PredProbs { get; }
    public double[][]? Unlabeled { get; }

    /// <summary>N examples, M annotators (each labeling about 60%), K classes, N_U unlabeled; every row and column labeled.</summary>
    public static Dataset Random(int seed, int n = 12, int m = 4, int k = 3, int nUnlabeled = 5)
    {
        var rng = new Random(seed);
        var labels = new int?[n][];
        for (int i = 0; i < n; i++)
        {
            labels[i] = new int?[m];
            int truth = rng.Next(k);
            for (int j = 0; j < m; j++)
                if (rng.NextDouble() < 0.6) labels[i][j] = rng.NextDouble() < 0.75 ? truth : rng.Next(k);
            if (labels[i].All(l => l is null)) labels[i][rng.Next(m)] = truth;
        }
        for (int j = 0; j < m; j++)
            if (labels.All(row => row[j] is null)) labels[rng.Next(n)][j] = rng.Next(k);

        return new Dataset(
            Enumerable.Range(1, m).Select(j => $"ann{j}").ToArray(),
            Enumerable.Range(0, k).Select(c => $"class{c}").ToArray(),
            labels,
            Enumerable.Range(0, n).Select(_ => RandomRow(rng, k)).ToArray(),
            nUnlabeled > 0 ? Enumerable.Range(0, nUnlabeled).Select(_ => RandomRow(rng, k)).ToArray() : null);
    }

    /// <summary>One annotator column, one label per row.</summary>
    public static Dataset SingleAnnotator(int seed, int n = 10, int k = 3)
    {
        var rng = new Random(seed);
        var labels = new int?[n][];
        for (int i = 0; i < n; i++) labels[i] = [i < k ? i : rng.Next(k)];
        return new Dataset(["only_annotator"], Enumerable.Range(0, k).Select(c => $"c{c}").ToArray(), labels,
            Enumerable.Range(0, n).Select(_ => RandomRow(rng, k)).ToArray(),
            Enumerable.Range(0, 3).Select(_ => RandomRow(rng, k)).ToArray());
    }

    private static double[] RandomRow(Random rng, int k)
    {
        var w = Enumerable.Range(0, k).Select(_ => 0.05 + rng.NextDouble()).ToArray();
        double sum = w.Sum();
        return w.Select(x => x / sum).ToArray();
    }

    public string LabelsCsv()
    {
        var sb = new StringBuilder().Append(string.Join(',', Annotators)).Append('\n');
        foreach (var row in Labels)
            sb.Append(string.Join(',', row.Select(l => l?.ToString(CultureInfo.InvariantCulture) ?? ""))).Append('\n');
        return sb.ToString();
    }

    public string PredProbsCsv() => ProbsCsv(PredProbs);

    public string UnlabeledCsv() => ProbsCsv(Unlabeled ?? []);

    private string ProbsCsv(double[][] rows)
    {
        var sb = new StringBuilder().Append(string.Join(',', Classes)).Append('\n');
        foreach (var row in rows)
            sb.Append(string.Join(',', row.Select(p => p.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes L.csv, P.csv and (when there are unlabeled rows) Q.csv into <paramref name="dir"/>.</summary>
    public (string L, string P, string? Q) WriteTo(TempDir dir) =>
        (dir.Write("L.csv", LabelsCsv()), dir.Write("P.csv", PredProbsCsv()), Unlabeled is null ? null : dir.Write("Q.csv", UnlabeledCsv()));

    public LabelMatrix LabelMatrix()
    {
        var builder = new LabelMatrix.Builder(Labels.Length, Annotators.Length);
        for (int i = 0; i < Labels.Length; i++)
            for (int j = 0; j < Annotators.Length; j++)
                if (Labels[i][j] is int l) builder.Add(i, j, l);
        return builder.Build();
    }

    public Matrix PredProbsMatrix() => ToMatrix(PredProbs);

    public Matrix? UnlabeledMatrix() => Unlabeled is null ? null : ToMatrix(Unlabeled);

    private Matrix ToMatrix(double[][] rows) => new(rows.Length, Classes.Length, rows.SelectMany(r => r).ToArray());
}

/// <summary>Finds files of the repository (examples) from the test's output directory.</summary>
internal static class Repo
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "ActiveLab.Cluster.sln"))) return dir.FullName;
            throw new InvalidOperationException("ActiveLab.Cluster.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
