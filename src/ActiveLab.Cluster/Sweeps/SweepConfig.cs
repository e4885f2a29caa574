using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Akka.Configuration;
using ActiveLab.Data;

namespace ActiveLab.Cluster.Sweeps;

/// <summary>Where the journal lives.</summary>
public enum PersistenceProvider { Sqlite, PostgreSql }

/// <summary>
/// A sweep: the grid (datasets × methods × models × repeats), its round settings, where data and results live and how
/// progress is persisted. Read from HOCON (<see cref="Parse"/>); see <c>config/quickstart.conf</c> for every key.
/// </summary>
public sealed record SweepConfig
{
    public required string Name { get; init; }
    public required ulong Seed { get; init; }
    public required IReadOnlyList<string> Datasets { get; init; }
    public required IReadOnlyList<string> Methods { get; init; }
    public required IReadOnlyList<string> Models { get; init; }
    public required IReadOnlyList<string> EnsembleMembers { get; init; }
    public required int Repeats { get; init; }

    /// <summary>Rounds per run; null = the spec's value for each dataset.</summary>
    public int? Rounds { get; init; }

    /// <summary>Annotations per round; null = the spec's value for each dataset.</summary>
    public int? BatchSize { get; init; }

    public required int Folds { get; init; }

    /// <summary>Seed of dataset construction; null = the spec's SEED of each dataset.</summary>
    public ulong? DatasetSeed { get; init; }

    public required bool RowWeightBug { get; init; }

    /// <summary>"real" trains models; "noop" returns uniform probabilities at once (capacity tests).</summary>
    public required string Trainer { get; init; }

    public required string DataDir { get; init; }
    public required string ResultsDir { get; init; }
    public required PersistenceProvider Persistence { get; init; }

    /// <summary>Connection string; empty = SQLite file <c>&lt;results-dir&gt;/&lt;name&gt;/journal.db</c>.</summary>
    public required string ConnectionString { get; init; }

    public required TimeSpan LeaseTimeout { get; init; }
    public required int MaxAttempts { get; init; }
    public required TimeSpan HeartbeatInterval { get; init; }

    /// <summary>Cells kept in memory at once; the others wait (finished cells are stopped), so memory stays flat
    /// however large the grid. Results do not depend on it.</summary>
    public int MaxActiveCells { get; init; } = 512;

    /// <summary>The HOCON text the config was read from (kept in the manifest).</summary>
    public required string Source { get; init; }

    /// <summary>This sweep's folder: results-dir/name.</summary>
    public string SweepDir => Path.Combine(ResultsDir, Name);

    /// <summary>The journal connection string actually used.</summary>
    public string EffectiveConnectionString => Persistence == PersistenceProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString)
        ? $"Data Source={Path.GetFullPath(Path.Combine(SweepDir, "journal.db"))}"
        : ConnectionString;

    /// <summary>How long the journal (or the results folder) may stay unavailable before the node gives up
    /// (<c>activelab.persistence.unavailable-timeout</c>); shorter outages, e.g. a database restart, are ridden out.</summary>
    public TimeSpan UnavailableTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The journal for messages and logs, without secrets: the SQLite file, or PostgreSQL host, port and database.</summary>
    public string JournalDescription
    {
        get
        {
            if (Persistence == PersistenceProvider.Sqlite)
                return string.IsNullOrWhiteSpace(ConnectionString) ? Path.GetFullPath(Path.Combine(SweepDir, "journal.db")) : "SQLite " + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
            try
            {
                var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
                return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
            }
            catch (ArgumentException)
            {
                return "PostgreSQL";
            }
        }
    }

    public int RoundsFor(string dataset) => Rounds ?? BenchmarkCatalog.ProtocolOf(dataset).Rounds;

    public int BatchSizeFor(string dataset) => BatchSize ?? BenchmarkCatalog.ProtocolOf(dataset).BatchSize;

    /// <summary>
    /// SHA-256 over the settings that change results (grid, rounds, batch, folds, seeds, quirk switch, trainer) — not
    /// over paths or persistence, so moving the data or results folder does not invalidate a sweep.
    /// </summary>
    public string Hash()
    {
        var canonical = JsonSerializer.Serialize(new
        {
            name = Name, seed = Seed, datasets = Datasets, methods = Methods, models = Models,
            ensembleMembers = EnsembleMembers, repeats = Repeats,
            rounds = Datasets.Select(RoundsFor).ToArray(), batch = Datasets.Select(BatchSizeFor).ToArray(),
            folds = Folds, datasetSeed = DatasetSeed, rowWeightBug = RowWeightBug, trainer = Trainer,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>
    /// Hash of the settings other than the grid lists (datasets, methods, models, repeats): two configs with the same
    /// settings hash differ only in which cells they hold, so new cells may be added to a sweep safely.
    /// </summary>
    public string SettingsHash()
    {
        var canonical = JsonSerializer.Serialize(new
        {
            name = Name, seed = Seed, ensembleMembers = EnsembleMembers, rounds = Rounds, batch = BatchSize, folds = Folds,
            datasetSeed = DatasetSeed, rowWeightBug = RowWeightBug, trainer = Trainer,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Reads a config file; command-line overrides replace data-dir / results-dir.</summary>
    public static SweepConfig Load(string path, string? dataDir = null, string? resultsDir = null)
    {
        if (!File.Exists(path)) throw new SweepConfigException($"config file not found: {path}");
        return Parse(File.ReadAllText(path), path, dataDir, resultsDir);
    }

    /// <summary>Parses HOCON text (see <c>config/quickstart.conf</c>). Every problem is a <see cref="SweepConfigException"/>
    /// naming the file and key.</summary>
    public static SweepConfig Parse(string hocon, string origin = "config", string? dataDir = null, string? resultsDir = null)
    {
        Config root;
        try
        {
            root = ConfigurationFactory.ParseString(hocon);
        }
        catch (Exception e)
        {
            throw new SweepConfigException($"{origin}: not valid HOCON: {FirstLine(e.Message)}");
        }
        var s = root.GetConfig("activelab.sweep");
        if (s is null || s.IsEmpty) throw new SweepConfigException($"{origin}: missing the 'activelab.sweep' section");
        var c = root.GetConfig("activelab.cluster") ?? Config.Empty;
        var p = root.GetConfig("activelab.persistence") ?? Config.Empty;

        string Key(string k) => $"{origin}: activelab.sweep.{k}";
        string Str(Config cfg, string k, string section, string? fallback = null)
        {
            try
            {
                string? v = cfg.HasPath(k) ? cfg.GetString(k) : fallback;
                return v ?? throw new SweepConfigException($"{origin}: activelab.{section}.{k} is required");
            }
            catch (SweepConfigException) { throw; }
            catch (Exception e) { throw new SweepConfigException($"{origin}: activelab.{section}.{k}: {FirstLine(e.Message)}"); }
        }
        int Int(string k, int? fallback, int min)
        {
            int v;
            try { v = s.HasPath(k) ? s.GetInt(k) : fallback ?? throw new SweepConfigException($"{Key(k)} is required"); }
            catch (SweepConfigException) { throw; }
            catch (Exception) { throw new SweepConfigException($"{Key(k)} must be an integer"); }
            if (v < min) throw new SweepConfigException($"{Key(k)} must be at least {min}, got {v}");
            return v;
        }
        int? OptionalInt(string k, int min) => s.HasPath(k) && !IsNull(s, k) ? Int(k, null, min) : null;
        // Grid axes must not repeat a name (a cell would appear twice); ensemble members may (a deep ensemble of one
        // model type: each member index trains with its own random streams).
        IReadOnlyList<string> List(string k, IReadOnlyList<string>? fallback = null, bool allowRepeats = false)
        {
            IList<string> v;
            try { v = s.HasPath(k) ? s.GetStringList(k) : fallback?.ToList() ?? throw new SweepConfigException($"{Key(k)} is required"); }
            catch (SweepConfigException) { throw; }
            catch (Exception) { throw new SweepConfigException($"{Key(k)} must be a list of names, e.g. [a, b]"); }
            if (v.Count == 0) throw new SweepConfigException($"{Key(k)} must not be empty");
            if (!allowRepeats && v.Distinct().Count() != v.Count) throw new SweepConfigException($"{Key(k)} lists a name twice");
            return v.ToArray();
        }
        ulong ULong(string k, ulong? fallback)
        {
            string text = s.HasPath(k) ? s.GetString(k) : fallback?.ToString() ?? throw new SweepConfigException($"{Key(k)} is required");
            return ulong.TryParse(text, out ulong v) ? v : throw new SweepConfigException($"{Key(k)} must be a non-negative integer, got '{text}'");
        }
        TimeSpan Duration(Config cfg, string section, string k, TimeSpan fallback)
        {
            try { return cfg.HasPath(k) ? cfg.GetTimeSpan(k) : fallback; }
            catch (Exception) { throw new SweepConfigException($"{origin}: activelab.{section}.{k} must be a duration such as 30s"); }
        }

        string name = Str(s, "name", "sweep");
        if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')))
            throw new SweepConfigException($"{Key("name")} must be letters, digits, '-', '_' or '.', got '{name}'");

        var datasets = List("datasets").Select(d => Canonical(d, Key("datasets"))).SelectMany(BenchmarkCatalog.Expand).Distinct().ToArray();
        var methods = List("methods");
        var models = List("models");
        var members = List("ensemble-members", ["mlp", "et", "knn"], allowRepeats: true);
        foreach (var m in models.Concat(members)) ModelNames.Validate(m, Key("models"));

        string trainer = Str(s, "trainer", "sweep", "real");
        if (trainer is not ("real" or "noop")) throw new SweepConfigException($"{Key("trainer")} must be real or noop, got '{trainer}'");

        string provider = Str(p, "provider", "persistence", "sqlite").ToLowerInvariant();
        var persistence = provider switch
        {
            "sqlite" => PersistenceProvider.Sqlite,
            "postgresql" or "postgres" => PersistenceProvider.PostgreSql,
            _ => throw new SweepConfigException($"{origin}: activelab.persistence.provider must be sqlite or postgresql, got '{provider}'"),
        };
        string connection = Str(p, "connection-string", "persistence", "");
        if (persistence == PersistenceProvider.PostgreSql && string.IsNullOrWhiteSpace(connection))
            throw new SweepConfigException($"{origin}: activelab.persistence.connection-string is required for postgresql");

        var config = new SweepConfig
        {
            Name = name,
            Seed = ULong("seed", 0),
            Datasets = datasets,
            Methods = methods,
            Models = models,
            EnsembleMembers = members,
            Repeats = Int("repeats", 1, 1),
            Rounds = OptionalInt("rounds", 1),
            BatchSize = OptionalInt("batch-size", 1),
            Folds = Int("folds", 5, 2),
            DatasetSeed = s.HasPath("dataset-seed") && !IsNull(s, "dataset-seed") ? ULong("dataset-seed", null) : null,
            RowWeightBug = !s.HasPath("row-weight-bug") || s.GetBoolean("row-weight-bug"),
            Trainer = trainer,
            DataDir = Path.GetFullPath(dataDir ?? Str(s, "data-dir", "sweep", "data")),
            ResultsDir = Path.GetFullPath(resultsDir ?? Str(s, "results-dir", "sweep", "results")),
            Persistence = persistence,
            ConnectionString = connection,
            LeaseTimeout = Duration(c, "cluster", "lease-timeout", TimeSpan.FromMinutes(2)),
            MaxAttempts = c.HasPath("max-attempts") ? Math.Max(1, c.GetInt("max-attempts")) : 3,
            HeartbeatInterval = Duration(c, "cluster", "heartbeat-interval", TimeSpan.FromSeconds(5)),
            MaxActiveCells = c.HasPath("max-active-cells") ? Math.Max(1, c.GetInt("max-active-cells")) : 512,
            UnavailableTimeout = Duration(p, "persistence", "unavailable-timeout", TimeSpan.FromMinutes(3)),
            Source = hocon,
        };
        foreach (var d in config.Datasets)
            foreach (var m in config.Methods)
                MethodCatalog.Resolve(d, m, origin);
        return config;
    }

    private static bool IsNull(Config cfg, string key)
    {
        try
        {
            var text = cfg.GetString(key);
            return string.IsNullOrWhiteSpace(text) || text == "null";
        }
        catch { return false; }
    }

    private static string Canonical(string dataset, string key)
    {
        try { return BenchmarkCatalog.Canonicalize(dataset); }
        catch (UnknownBenchmarkException e) { throw new SweepConfigException($"{key}: {e.Message}"); }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
