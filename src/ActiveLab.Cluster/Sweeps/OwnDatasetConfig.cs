using System.Globalization;
using Akka.Configuration.Hocon;
using ActiveLab.Data;

namespace ActiveLab.Cluster.Sweeps;

/// <summary>
/// Reads <c>activelab.datasets.&lt;name&gt; { ... }</c>: a user's own tabular datasets (<see cref="OwnDatasetDefinition"/>).
/// Same rules as the rest of the config: unknown keys are refused with the closest valid one, every value is type- and
/// range-checked, and every message names the file and the full key.
/// </summary>
internal static class OwnDatasetConfig
{
    public const string SectionName = "datasets";
    public const string SectionPath = "activelab." + SectionName;

    public const string Train = "train";
    public const string Test = "test";
    public const string LabelColumn = "label-column";
    public const string Labeled = "labeled";
    public const string Annotators = "annotators";
    public const string AnnotatorAccuracy = "annotator-accuracy";
    public const string Annotations = "annotations";

    /// <summary>Every key a dataset section may hold.</summary>
    public static readonly IReadOnlyList<string> Keys = [Train, Test, LabelColumn, Labeled, Annotators, AnnotatorAccuracy, Annotations];

    /// <summary>The definitions by name, in config order (empty without the section).</summary>
    public static IReadOnlyDictionary<string, OwnDatasetDefinition> Read(SweepConfigReader r, Func<string, bool> isPlainName)
    {
        var result = new Dictionary<string, OwnDatasetDefinition>(StringComparer.Ordinal);
        if (r.OwnDatasets is null) return result;
        foreach (var (name, value) in r.OwnDatasets.Items)
        {
            string path = $"{SectionPath}.{name}";
            if (!isPlainName(name))
                throw new SweepConfigException($"{r.Origin}: {path}: a dataset name must be a plain file name (letters, digits, '-', '_', '.')");
            if (IsBenchmark(name))
                throw new SweepConfigException($"{r.Origin}: {path}: '{name}' is a benchmark's name; give your own dataset another name " +
                    $"(benchmarks: {string.Join(", ", BenchmarkCatalog.Names)})");
            var items = value.GetObject()
                ?? throw new SweepConfigException($"{r.Origin}: {path} must be a section {{ train = ..., test = ..., ... }}, got '{SweepConfigReader.Render(value)}'");
            foreach (string key in items.Items.Keys)
                if (!Keys.Contains(key))
                    throw SweepConfigReader.Unknown(r.Origin, $"{path}.{key}", key, Keys,
                        $"valid keys of {path}: {string.Join(", ", Keys)}", k => $"{path}.{k}");
            var read = new Values(r.Origin, path, items);
            result[name] = new OwnDatasetDefinition(
                name,
                read.Path(Train) ?? throw read.Required(Train),
                read.Path(Test) ?? throw read.Required(Test),
                read.Text(LabelColumn) ?? "label",
                read.Int(Labeled, min: 1) ?? throw read.Required(Labeled),
                read.Int(Annotators, min: 1) ?? OwnDatasetDefinition.DefaultAnnotators,
                read.Accuracy(AnnotatorAccuracy) ?? OwnDatasetDefinition.DefaultAnnotatorAccuracy,
                read.Path(Annotations));
        }
        return result;
    }

    private static bool IsBenchmark(string name)
    {
        try
        {
            BenchmarkCatalog.Canonicalize(name);
            return true;
        }
        catch (UnknownBenchmarkException)
        {
            return false;
        }
    }

    /// <summary>Typed reads of one dataset's keys (absent or null → null).</summary>
    private sealed class Values(string origin, string path, HoconObject items)
    {
        public SweepConfigException Required(string key) => new($"{origin}: {path}.{key} is required");

        private SweepConfigException Invalid(string key, string expected, HoconValue v) =>
            new($"{origin}: {path}.{key} must be {expected}, got '{SweepConfigReader.Render(v)}'");

        private HoconValue? Raw(string key) =>
            items.Items.TryGetValue(key, out var v) && !SweepConfigReader.IsNull(v) ? v : null;

        public string? Text(string key)
        {
            var v = Raw(key);
            if (v is null) return null;
            return v.IsString() && v.GetString() is { Length: > 0 } text ? text.Trim() : throw Invalid(key, "a non-empty string", v);
        }

        public string? Path(string key)
        {
            var v = Raw(key);
            if (v is null) return null;
            string? text = v.IsString() ? v.GetString()?.Trim() : null;
            if (string.IsNullOrEmpty(text) || text.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
                throw Invalid(key, "a path relative to the data dir, such as \"digits/train.csv\"", v);
            return text;
        }

        public int? Int(string key, int min)
        {
            var v = Raw(key);
            if (v is null) return null;
            string? text = v.IsString() ? v.GetString() : null;
            if (text is not null && int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= min)
                return n;
            throw Invalid(key, $"an integer ≥ {min}", v);
        }

        public double? Accuracy(string key)
        {
            var v = Raw(key);
            if (v is null) return null;
            string? text = v.IsString() ? v.GetString() : null;
            if (text is not null && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d > 0 && d <= 1)
                return d;
            throw Invalid(key, "a number in (0, 1]", v);
        }
    }
}
