using System.Globalization;
using System.Text;

namespace ActiveLab.Cluster.ProcessTests;

/// <summary>
/// A small Wall Robot sweep written as a config file. Every process test uses the same settings (seed, rounds, batch,
/// folds), so the result of any one of them must equal the uninterrupted reference value for value; the lease and
/// heartbeat are short so a killed worker's job comes back quickly.
/// </summary>
internal sealed record SweepSpec
{
    public string Name { get; init; } = "proc";
    public ulong Seed { get; init; } = 2023;
    public string[] Methods { get; init; } = ["random", "crowdlab"];
    public string[] Models { get; init; } = ["et"];
    public int Repeats { get; init; } = 3;
    public int Rounds { get; init; } = 5;
    public int BatchSize { get; init; } = 50;
    public int Folds { get; init; } = 5;
    public string LeaseTimeout { get; init; } = "10s";
    public string Heartbeat { get; init; } = "1s";

    /// <summary>null = SQLite journal in the sweep folder; else a PostgreSQL connection string.</summary>
    public string? Postgres { get; init; }

    /// <summary><c>activelab.persistence.unavailable-timeout</c> (e.g. "5s"); null = the default (3m).</summary>
    public string? UnavailableTimeout { get; init; }

    public int Cells => Methods.Length * Models.Length * Repeats;

    /// <summary>Fold jobs of the whole sweep (the methods used here train one model without a full fit).</summary>
    public int Jobs => Cells * Rounds * Folds;

    /// <summary>Writes the config to <paramref name="path"/> with <paramref name="resultsDir"/> and returns the path.</summary>
    public string Write(string path, string resultsDir)
    {
        static string Q(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        static string L(IEnumerable<string> xs) => "[" + string.Join(", ", xs) + "]";
        var sb = new StringBuilder();
        sb.AppendLine("activelab.sweep {");
        sb.AppendLine($"  name = {Name}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  seed = {Seed}");
        sb.AppendLine("  datasets = [wall-robot]");
        sb.AppendLine($"  methods = {L(Methods)}");
        sb.AppendLine($"  models = {L(Models)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  repeats = {Repeats}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  rounds = {Rounds}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  batch-size = {BatchSize}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  folds = {Folds}");
        sb.AppendLine("  trainer = real");
        sb.AppendLine($"  data-dir = {Q(Cli.DataDir)}");
        sb.AppendLine($"  results-dir = {Q(resultsDir)}");
        sb.AppendLine("}");
        sb.AppendLine($"activelab.cluster {{\n  lease-timeout = {LeaseTimeout}\n  max-attempts = 3\n  heartbeat-interval = {Heartbeat}\n}}");
        string timeout = UnavailableTimeout is null ? "" : $"\n  unavailable-timeout = {UnavailableTimeout}";
        sb.AppendLine(Postgres is null
            ? (timeout.Length == 0 ? "activelab.persistence { provider = sqlite }" : $"activelab.persistence {{\n  provider = sqlite{timeout}\n}}")
            : $"activelab.persistence {{\n  provider = postgresql\n  connection-string = {Q(Postgres)}{timeout}\n}}");
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
        return path;
    }
}

/// <summary>A temporary folder for one test (configs, results, process logs), deleted at dispose unless the test asks to keep it.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace(string test)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "activelab-process-tests", $"{test}-{Guid.NewGuid():N}"[..(test.Length + 9)]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Set when a test fails so its logs stay for inspection.</summary>
    public bool Keep { get; set; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Keep) return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
