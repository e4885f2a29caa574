using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActiveLab.Cluster.Training;
using ActiveLab.Data;
using K = ActiveLab.Cluster.Sweeps.SweepConfigKeys;

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

    /// <summary>The user's own datasets declared under <c>activelab.datasets</c>, by name (those the grid names and others).</summary>
    public IReadOnlyDictionary<string, OwnDatasetDefinition> OwnDatasets { get; init; } = new Dictionary<string, OwnDatasetDefinition>();

    /// <summary>Content hash (<see cref="OwnDataset.ContentHash"/>) of every own dataset the grid names, taken when the
    /// config was read: part of <see cref="Hash"/>, so a changed file is refused on resume like a changed config.</summary>
    public IReadOnlyDictionary<string, string> OwnDataHashes { get; init; } = new Dictionary<string, string>();

    /// <summary>True when <paramref name="dataset"/> is one of the user's own datasets (not a benchmark).</summary>
    public bool IsOwnDataset(string dataset) => OwnDatasets.ContainsKey(dataset);
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

    /// <summary>Folder of the paper's original <c>.npy</c> arrays (<c>activelab.sweep.original-arrays</c>): the
    /// benchmarks load them (the folder itself, or its sub-folder per benchmark) instead of regenerating; null = regenerate.</summary>
    public string? OriginalArraysDir { get; init; }

    /// <summary>Content hash of each benchmark's original-arrays folder (<see cref="NpyBenchmarkLoader.ContentHash"/>),
    /// part of <see cref="Hash"/>; empty without <see cref="OriginalArraysDir"/>.</summary>
    public IReadOnlyDictionary<string, string> OriginalArraysHashes { get; init; } = new Dictionary<string, string>();

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

    /// <summary>The most jobs one trainer node may hold at once, whatever slot count it claims.</summary>
    public int MaxSlotsPerNode { get; init; } = 256;

    /// <summary><c>activelab.trainer.max-batch</c>: jobs of one model a slot trains as one stacked fit; null = the node's
    /// default for its device (64 on CUDA, else 1). A command line's <c>--max-batch</c> replaces it.</summary>
    public int? MaxBatch { get; init; }

    /// <summary><c>activelab.trainer.fill-wait</c>: the longest wait for more jobs before a batch that is not full is trained.</summary>
    public TimeSpan FillWait { get; init; } = TrainerBatching.DefaultFillWait;

    /// <summary>The journal database's password when it is not in the connection string: from
    /// <c>activelab.persistence.password-file</c>, else <c>$ACTIVELAB_JOURNAL_PASSWORD</c>. Never written anywhere.</summary>
    public string? JournalPassword { get; init; }

    /// <summary>Environment variable holding the journal password (when the config names no password file).</summary>
    public const string JournalPasswordVariable = "ACTIVELAB_JOURNAL_PASSWORD";

    /// <summary>The HOCON text the config was read from (kept in the manifest).</summary>
    public required string Source { get; init; }

    /// <summary>The config text with connection-string secrets replaced by <c>***</c>: what the journal and
    /// manifest.json keep.</summary>
    public string RedactedSource => Redact(Source);

    /// <summary>Replaces the values of <c>Password=</c> / <c>Pwd=</c> (any case) in connection strings by <c>***</c>.</summary>
    public static string Redact(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(?i)\b(password|pwd)(\s*=\s*)[^;""\r\n]*", "$1$2***");

    /// <summary>This sweep's folder: results-dir/name.</summary>
    public string SweepDir => Path.Combine(ResultsDir, Name);

    /// <summary>The journal connection string actually used.</summary>
    public string EffectiveConnectionString
    {
        get
        {
            if (Persistence == PersistenceProvider.Sqlite)
                return string.IsNullOrWhiteSpace(ConnectionString) ? $"Data Source={Path.GetFullPath(Path.Combine(SweepDir, "journal.db"))}" : ConnectionString;
            if (JournalPassword is null) return ConnectionString;
            var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            if (string.IsNullOrEmpty(b.Password)) b.Password = JournalPassword;
            return b.ConnectionString;
        }
    }

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
        var grid = new
        {
            name = Name, seed = Seed, datasets = Datasets, methods = Methods, models = Models,
            ensembleMembers = EnsembleMembers, repeats = Repeats,
            rounds = Datasets.Select(RoundsFor).ToArray(), batch = Datasets.Select(BatchSizeFor).ToArray(),
            folds = Folds, datasetSeed = DatasetSeed, rowWeightBug = RowWeightBug, trainer = Trainer,
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WithDataSources(grid))));
    }

    /// <summary>
    /// The canonical JSON of <paramref name="core"/>, plus the data sources beyond the regenerated benchmarks when there
    /// are any (own datasets, original arrays). They only add members, so the hash of a config without them is what it
    /// always was (sweeps started before keep resuming).
    /// </summary>
    private string WithDataSources(object core)
    {
        if (OwnDataHashes.Count == 0 && OriginalArraysHashes.Count == 0) return JsonSerializer.Serialize(core);
        if (OriginalArraysHashes.Count == 0) return JsonSerializer.Serialize(new { grid = core, ownData = OwnDataCanonical() });
        var arrays = OriginalArraysHashes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new { dataset = kv.Key, content = kv.Value }).ToArray();
        return JsonSerializer.Serialize(new { grid = core, ownData = OwnDataCanonical(), originalArrays = arrays });
    }

    /// <summary>Each own dataset of the grid: its definition (paths as written) and the content hash of its files.</summary>
    private object[] OwnDataCanonical() => Datasets.Where(OwnDataHashes.ContainsKey).Select(d =>
    {
        var def = OwnDatasets[d];
        return (object)new
        {
            name = d, train = def.Train, test = def.Test, labelColumn = def.LabelColumn, labeled = def.Labeled,
            annotators = def.Annotations is null ? def.Annotators : 0,
            accuracy = def.Annotations is null ? def.AnnotatorAccuracy : 0, annotations = def.Annotations,
            content = OwnDataHashes[d],
        };
    }).ToArray();

    /// <summary>
    /// Hash of the settings other than the grid lists (datasets, methods, models, repeats): two configs with the same
    /// settings hash differ only in which cells they hold, so new cells may be added to a sweep safely.
    /// </summary>
    public string SettingsHash()
    {
        var settings = new
        {
            name = Name, seed = Seed, ensembleMembers = EnsembleMembers, rounds = Rounds, batch = BatchSize, folds = Folds,
            datasetSeed = DatasetSeed, rowWeightBug = RowWeightBug, trainer = Trainer,
        };
        // Per-dataset contents depend on the grid, so they stay out: adding an own dataset's cells with --add-new-cells
        // works, and changed data of a dataset already in the sweep is refused by its recorded fingerprint instead.
        string canonical = OriginalArraysDir is null
            ? JsonSerializer.Serialize(settings)
            : JsonSerializer.Serialize(new { settings, originalArrays = true });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Reads a config file; settings from <paramref name="environment"/> (<see cref="ConfigEnvironment"/>; none
    /// when null) replace the file's, and command-line overrides replace data-dir / results-dir.</summary>
    public static SweepConfig Load(string path, string? dataDir = null, string? resultsDir = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(path)) throw new SweepConfigException($"config file not found: {path}");
        var overrides = environment is null ? [] : ConfigEnvironment.Read(environment);
        string origin = overrides.Count == 0 ? path : $"{path} with {string.Join(", ", overrides.Select(o => o.Variable))}";
        return Parse(ConfigEnvironment.Apply(File.ReadAllText(path), overrides), origin, dataDir, resultsDir);
    }

    /// <summary>
    /// Only the data sources of a config file — the <c>activelab.datasets</c> section and
    /// <c>activelab.sweep.original-arrays</c>: what a worker needs to build a sweep's datasets as the coordinator does,
    /// without the coordinator's settings (journal, password file) that it has no use for.
    /// </summary>
    public static (IReadOnlyDictionary<string, OwnDatasetDefinition> OwnDatasets, string? OriginalArraysDir) LoadDataSources(string path)
    {
        if (!File.Exists(path)) throw new SweepConfigException($"config file not found: {path}");
        var r = SweepConfigReader.Parse(File.ReadAllText(path), path);
        string? arrays = r.OptionalString(K.OriginalArrays, "a folder path or null") is { } text ? FullPath(r, K.OriginalArrays, text) : null;
        return (OwnDatasetConfig.Read(r, IsPlainFileName), arrays);
    }

    /// <summary>
    /// Only <c>activelab.trainer</c>, for a worker: from the config file given (null: none) with the environment's
    /// <c>ACTIVELAB__TRAINER__…</c> settings over it (any other <c>ACTIVELAB__SECTION__KEY</c> must still name a setting).
    /// </summary>
    public static (int? MaxBatch, TimeSpan FillWait) LoadTrainerSettings(string? path, IReadOnlyDictionary<string, string> environment)
    {
        if (path is not null && !File.Exists(path)) throw new SweepConfigException($"config file not found: {path}");
        var overrides = ConfigEnvironment.Read(environment);
        string origin = path ?? "the environment";
        if (overrides.Count > 0 && path is not null) origin = $"{path} with {string.Join(", ", overrides.Select(o => o.Variable))}";
        var r = SweepConfigReader.Parse(ConfigEnvironment.Apply(path is null ? "" : File.ReadAllText(path), overrides), origin, requireSweep: false);
        return ReadTrainer(r);
    }

    private static (int? MaxBatch, TimeSpan FillWait) ReadTrainer(SweepConfigReader r)
    {
        int? maxBatch = r.OptionalInt(K.MaxBatch, min: 1);
        if (maxBatch > TrainerBatching.Limit)
            throw r.Invalid(K.MaxBatch, $"an integer from 1 to {TrainerBatching.Limit}, or null", maxBatch.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var fillWait = r.Duration(K.FillWait, TrainerBatching.DefaultFillWait);
        if (fillWait > TrainerBatching.MaxFillWait)
            throw r.Invalid(K.FillWait, $"a duration > 0 and at most {SweepConfigReader.Format(TrainerBatching.MaxFillWait)}", SweepConfigReader.Format(fillWait));
        return (maxBatch, fillWait);
    }

    /// <summary>Parses HOCON text (see <c>config/quickstart.conf</c>). Strict: a key not in <see cref="SweepConfigKeys"/>
    /// under <c>activelab</c> is refused (with the closest valid key), and every value is type- and range-checked. Every
    /// problem is a <see cref="SweepConfigException"/> naming the file and key.</summary>
    public static SweepConfig Parse(string hocon, string origin = "config", string? dataDir = null, string? resultsDir = null)
    {
        var r = SweepConfigReader.Parse(hocon, origin);

        string name = r.String(K.Name);
        if (!IsPlainFileName(name))
            throw r.Invalid(K.Name, $"a plain file name (letters, digits, '-', '_', '.'; not starting with '.'; at most {MaxNameLength} characters)", name);
        ulong seed = r.ULong(K.Seed, 0);

        var own = OwnDatasetConfig.Read(r, IsPlainFileName);
        var datasets = r.List(K.Datasets)
            .SelectMany(d => own.ContainsKey(d) ? [d] : BenchmarkCatalog.Expand(Canonical(d, r.Where(K.Datasets), own.Keys)))
            .Distinct().ToArray();
        var ownInGrid = datasets.Where(own.ContainsKey).ToArray();
        var methods = r.List(K.Methods);
        var models = r.List(K.Models);
        foreach (var m in models) ModelNames.Validate(m, r.Where(K.Models));
        var members = r.List(K.EnsembleMembers, ["mlp", "et", "knn"], allowRepeats: true);
        foreach (var m in members) ModelNames.Validate(m, r.Where(K.EnsembleMembers));

        int repeats = r.Int(K.Repeats, 1, min: 1);
        int? rounds = r.OptionalInt(K.Rounds, min: 1);
        int? batchSize = r.OptionalInt(K.BatchSize, min: 1);
        // The spec's round constants exist for benchmarks only: an own dataset's study says its own.
        if (ownInGrid.Length > 0 && rounds is null)
            throw new SweepConfigException($"{origin}: {K.Rounds.Path} is required when the sweep names a dataset of its own ({string.Join(", ", ownInGrid)})");
        if (ownInGrid.Length > 0 && batchSize is null)
            throw new SweepConfigException($"{origin}: {K.BatchSize.Path} is required when the sweep names a dataset of its own ({string.Join(", ", ownInGrid)})");
        foreach (var m in models.Concat(members))
            if (ownInGrid.Length > 0 && m == "resnet18-head")
                throw new SweepConfigException($"{origin}: model resnet18-head trains on CIFAR image features; dataset {ownInGrid[0]} is tabular (use et, mlp, knn or mlp-torch)");
        int folds = r.Int(K.Folds, 5, min: 2);
        ulong? datasetSeed = r.OptionalULong(K.DatasetSeed);
        string? originalArrays = r.OptionalString(K.OriginalArrays, "a folder path or null") is { } arraysText ? FullPath(r, K.OriginalArrays, arraysText) : null;
        bool rowWeightBug = r.Bool(K.RowWeightBug, true);

        string trainer = r.String(K.Trainer, "real");
        if (trainer is not ("real" or "noop")) throw r.Invalid(K.Trainer, "real or noop", trainer);
        // Checked even when the command line overrides them: a bad value in the file is still a bad file.
        string data = r.String(K.DataDir, "data", allowEmpty: false, expected: "a non-empty path");
        string results = r.String(K.ResultsDir, "results", allowEmpty: false, expected: "a non-empty path");

        var leaseTimeout = r.Duration(K.LeaseTimeout, TimeSpan.FromMinutes(2));
        int maxAttempts = r.Int(K.MaxAttempts, 3, min: 1);
        var heartbeat = r.Duration(K.HeartbeatInterval, TimeSpan.FromSeconds(5));
        var unavailableTimeout = r.Duration(K.UnavailableTimeout, TimeSpan.FromMinutes(3));
        int maxActiveCells = r.Int(K.MaxActiveCells, 512, min: 1);
        // Trainers renew each lease once per heartbeat; a lease shorter than two heartbeats lapses on one late renewal.
        if (leaseTimeout < 2 * heartbeat)
            throw new SweepConfigException($"{origin}: {K.LeaseTimeout.Path} must be at least 2 × {K.HeartbeatInterval.Path} " +
                $"({SweepConfigReader.Format(2 * heartbeat)}), got '{SweepConfigReader.Format(leaseTimeout)}': trainers renew leases " +
                "once per heartbeat, so a shorter lease can expire between two renewals");

        string provider = r.String(K.Provider, "sqlite");
        var persistence = provider.ToLowerInvariant() switch
        {
            "sqlite" => PersistenceProvider.Sqlite,
            "postgresql" or "postgres" => PersistenceProvider.PostgreSql,
            _ => throw r.Invalid(K.Provider, "sqlite or postgresql", provider),
        };
        string connection = r.String(K.ConnectionString, "");
        if (persistence == PersistenceProvider.PostgreSql && string.IsNullOrWhiteSpace(connection))
            throw new SweepConfigException($"{origin}: {K.ConnectionString.Path} is required for postgresql");
        string passwordFile = r.String(K.PasswordFile, "");
        string? journalPassword = Environment.GetEnvironmentVariable(JournalPasswordVariable) is { Length: > 0 } fromEnv ? fromEnv : null;
        if (passwordFile.Length > 0)
        {
            try
            {
                journalPassword = File.ReadLines(passwordFile).FirstOrDefault()?.TrimEnd('\r') ?? "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new SweepConfigException($"{origin}: {K.PasswordFile.Path} '{passwordFile}' cannot be read: {e.Message}");
            }
        }
        int maxSlotsPerNode = r.Int(K.MaxSlotsPerNode, 256, min: 1);
        var (maxBatch, fillWait) = ReadTrainer(r);

        foreach (var d in datasets)
            foreach (var m in methods)
                MethodCatalog.Resolve(d, m, r.Where(K.Methods));

        string dataDirFull = FullPath(r, K.DataDir, dataDir ?? data);
        var ownHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in ownInGrid)
        {
            try { ownHashes[d] = OwnDataset.ContentHash(own[d], dataDirFull); }
            catch (DataFormatException e) { throw new SweepConfigException($"{origin}: {OwnDatasetConfig.SectionPath}.{d}: {e.Message}"); }
        }

        var arrayHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (originalArrays is not null)
            foreach (var d in datasets.Where(d => !own.ContainsKey(d)))
            {
                try { arrayHashes[d] = NpyBenchmarkLoader.ContentHash(BenchmarkCatalog.OriginalArraysFolder(originalArrays, d)); }
                catch (DataFormatException e) { throw new SweepConfigException($"{origin}: {K.OriginalArrays.Path}: {e.Message}"); }
            }

        return new SweepConfig
        {
            Name = name,
            Seed = seed,
            Datasets = datasets,
            OwnDatasets = own,
            OwnDataHashes = ownHashes,
            OriginalArraysDir = originalArrays,
            OriginalArraysHashes = arrayHashes,
            Methods = methods,
            Models = models,
            EnsembleMembers = members,
            Repeats = repeats,
            Rounds = rounds,
            BatchSize = batchSize,
            Folds = folds,
            DatasetSeed = datasetSeed,
            RowWeightBug = rowWeightBug,
            Trainer = trainer,
            DataDir = dataDirFull,
            ResultsDir = FullPath(r, K.ResultsDir, resultsDir ?? results),
            Persistence = persistence,
            ConnectionString = connection,
            LeaseTimeout = leaseTimeout,
            MaxAttempts = maxAttempts,
            HeartbeatInterval = heartbeat,
            MaxActiveCells = maxActiveCells,
            MaxSlotsPerNode = maxSlotsPerNode,
            MaxBatch = maxBatch,
            FillWait = fillWait,
            JournalPassword = journalPassword,
            UnavailableTimeout = unavailableTimeout,
            Source = hocon,
        };
    }

    /// <summary>Longest accepted <see cref="Name"/>.</summary>
    internal const int MaxNameLength = 100;

    /// <summary>The name becomes a folder under results-dir: it must stay one plain path segment there.</summary>
    private static bool IsPlainFileName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name[0] != '.'
        && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.');

    private static string FullPath(SweepConfigReader r, ConfigKey key, string path)
    {
        try { return Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw r.Invalid(key, "a valid path", path);
        }
    }

    private static string Canonical(string dataset, string key, IEnumerable<string> own)
    {
        try { return BenchmarkCatalog.Canonicalize(dataset); }
        catch (UnknownBenchmarkException e)
        {
            string declared = own.Any() ? $"; datasets of your own: {string.Join(", ", own)}" : $"; or declare your own under {OwnDatasetConfig.SectionPath}.{dataset}";
            throw new SweepConfigException($"{key}: {e.Message}{declared}");
        }
    }
}
