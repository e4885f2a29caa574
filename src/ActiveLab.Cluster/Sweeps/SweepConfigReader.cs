using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActiveLab.Cluster.Sweeps;

/// <summary>
/// Typed, range-checked reads of the keys in <see cref="SweepConfigKeys"/> from parsed HOCON. Every problem is a
/// <see cref="SweepConfigException"/> of one shape: <c>&lt;origin&gt;: &lt;key&gt; must be &lt;what&gt;, got '&lt;value&gt;'</c>.
/// Keys outside <c>activelab</c> (e.g. <c>akka.*</c>) are not looked at.
/// </summary>
internal sealed class SweepConfigReader
{
    private readonly string _origin;
    private readonly Dictionary<ConfigSection, HoconObject> _sections;

    private SweepConfigReader(string origin, Dictionary<ConfigSection, HoconObject> sections, HoconObject? ownDatasets)
    {
        _origin = origin;
        _sections = sections;
        OwnDatasets = ownDatasets;
    }

    /// <summary>The <c>activelab.datasets</c> section (a user's own datasets, one sub-section per name), if any;
    /// read by <see cref="OwnDatasetConfig"/>.</summary>
    public HoconObject? OwnDatasets { get; }

    /// <summary>Where messages say a problem is: the config file (and environment overrides).</summary>
    public string Origin => _origin;

    /// <summary>Parses <paramref name="hocon"/>, refuses keys that <see cref="SweepConfigKeys"/> does not declare and
    /// requires the <c>activelab.sweep</c> section (unless <paramref name="requireSweep"/> is false: a worker's trainer
    /// settings).</summary>
    public static SweepConfigReader Parse(string hocon, string origin, bool requireSweep = true)
    {
        if (HoconBrackets.Problem(hocon) is { } brackets) throw new SweepConfigException($"{origin}: not valid HOCON: {brackets}");
        Config root;
        try
        {
            root = ConfigurationFactory.ParseString(hocon);
        }
        catch (Exception e)
        {
            throw new SweepConfigException($"{origin}: not valid HOCON: {FirstLine(e.Message)}");
        }

        var sections = new Dictionary<ConfigSection, HoconObject>();
        HoconObject? ownDatasets = null;
        HoconValue? activelab = null;
        root.Root?.GetObject()?.Items.TryGetValue("activelab", out activelab);
        if (activelab is not null)
        {
            var sectionObject = activelab.GetObject()
                ?? throw new SweepConfigException($"{origin}: activelab must be a section such as activelab.sweep {{ ... }}, got '{Render(activelab)}'");
            foreach (var (name, value) in sectionObject.Items)
            {
                if (name == OwnDatasetConfig.SectionName)
                {
                    // Named sub-sections, not fixed keys: OwnDatasetConfig checks their keys.
                    ownDatasets = value.GetObject()
                        ?? throw new SweepConfigException($"{origin}: {OwnDatasetConfig.SectionPath} must be a section {{ name {{ ... }} }}, got '{Render(value)}'");
                    continue;
                }
                var section = SweepConfigKeys.Sections.FirstOrDefault(x => x.Name == name)
                    ?? throw Unknown(origin, $"activelab.{name}", name, SweepConfigKeys.Sections.Select(x => x.Name).Append(OwnDatasetConfig.SectionName),
                        "valid sections: " + string.Join(", ", SweepConfigKeys.Sections.Select(x => x.Path).Append(OwnDatasetConfig.SectionPath)), x => $"activelab.{x}");
                var keys = value.GetObject()
                    ?? throw new SweepConfigException($"{origin}: {section.Path} must be a section {{ key = value, ... }}, got '{Render(value)}'");
                foreach (string key in keys.Items.Keys)
                {
                    if (section.Keys.Any(k => k.Name == key)) continue;
                    // A key put in the wrong section: point at the right one.
                    var elsewhere = SweepConfigKeys.Sections.SelectMany(x => x.Keys).FirstOrDefault(k => k.Name == key);
                    if (elsewhere is not null)
                        throw new SweepConfigException($"{origin}: unknown key {section.Path}.{key} (did you mean {elsewhere.Path}?)");
                    throw Unknown(origin, $"{section.Path}.{key}", key, section.Keys.Select(k => k.Name),
                        $"valid keys of {section.Path}: {string.Join(", ", section.Keys.Select(k => k.Name))}", x => $"{section.Path}.{x}");
                }
                sections[section] = keys;
            }
        }
        if (requireSweep && (!sections.TryGetValue(SweepConfigKeys.Sweep, out var sweep) || sweep.Items.Count == 0))
            throw new SweepConfigException($"{origin}: missing the 'activelab.sweep' section");
        return new SweepConfigReader(origin, sections, ownDatasets);
    }

    /// <summary>The uniform message: <c>&lt;origin&gt;: &lt;key&gt; must be &lt;expected&gt;, got '&lt;got&gt;'</c>.</summary>
    public SweepConfigException Invalid(ConfigKey key, string expected, string got) =>
        new($"{_origin}: {key.Path} must be {expected}, got '{got}'");

    /// <summary>"&lt;origin&gt;: &lt;key&gt;", the prefix of messages from other checkers (benchmarks, models, methods).</summary>
    public string Where(ConfigKey key) => $"{_origin}: {key.Path}";

    /// <summary>A scalar string; <paramref name="fallback"/> when absent (null = required).</summary>
    public string String(ConfigKey key, string? fallback = null, bool allowEmpty = true, string expected = "a string")
    {
        var v = Raw(key);
        if (v is null) return fallback ?? throw Required(key);
        string? text = v.IsString() ? v.GetString() : null;
        if (text is null || (!allowEmpty && string.IsNullOrWhiteSpace(text))) throw Invalid(key, expected, Render(v));
        return text;
    }

    /// <summary>A non-empty string; null when absent, set to null or to "".</summary>
    public string? OptionalString(ConfigKey key, string expected = "a string or null")
    {
        var v = Raw(key);
        if (v is null || IsNull(v)) return null;
        return v.IsString() && v.GetString() is { } text ? text : throw Invalid(key, expected, Render(v));
    }

    /// <summary>An integer ≥ <paramref name="min"/>; <paramref name="fallback"/> when absent.</summary>
    public int Int(ConfigKey key, int fallback, int min) => OptionalInt(key, min, allowNull: false) ?? fallback;

    /// <summary>An integer ≥ <paramref name="min"/>; null when absent, or when <paramref name="allowNull"/> and set to null.</summary>
    public int? OptionalInt(ConfigKey key, int min, bool allowNull = true)
    {
        var v = Raw(key);
        if (v is null || (allowNull && IsNull(v))) return null;
        string? text = v.IsString() ? v.GetString() : null;
        if (text is not null && int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= min)
            return n;
        throw Invalid(key, $"an integer ≥ {min}", Render(v));
    }

    /// <summary>A non-negative 64-bit integer; <paramref name="fallback"/> when absent.</summary>
    public ulong ULong(ConfigKey key, ulong fallback) => OptionalULong(key, allowNull: false) ?? fallback;

    /// <summary>A non-negative 64-bit integer; null when absent, or when <paramref name="allowNull"/> and set to null.</summary>
    public ulong? OptionalULong(ConfigKey key, bool allowNull = true)
    {
        var v = Raw(key);
        if (v is null || (allowNull && IsNull(v))) return null;
        string? text = v.IsString() ? v.GetString() : null;
        if (text is not null && ulong.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ulong n))
            return n;
        throw Invalid(key, "a non-negative 64-bit integer", Render(v));
    }

    /// <summary>on/off, true/false or yes/no; <paramref name="fallback"/> when absent.</summary>
    public bool Bool(ConfigKey key, bool fallback)
    {
        var v = Raw(key);
        if (v is null) return fallback;
        return (v.IsString() ? v.GetString() : null) switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw Invalid(key, "on, off, true, false, yes or no", Render(v)),
        };
    }

    /// <summary>A duration &gt; 0 in HOCON form (500ms, 30s, 2m, 1h); <paramref name="fallback"/> when absent.</summary>
    public TimeSpan Duration(ConfigKey key, TimeSpan fallback)
    {
        var v = Raw(key);
        if (v is null) return fallback;
        TimeSpan d = TimeSpan.Zero;
        if (v.IsString() && v.GetString() is not null)
        {
            try { d = v.GetTimeSpan(allowInfinite: false); }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException) { }
        }
        return d > TimeSpan.Zero ? d : throw Invalid(key, "a duration > 0 such as 500ms, 30s or 2m", Render(v));
    }

    /// <summary>A non-empty list of names; <paramref name="fallback"/> when absent (null = required). Grid axes must not
    /// repeat a name (a cell would appear twice); ensemble members may.</summary>
    public IReadOnlyList<string> List(ConfigKey key, IReadOnlyList<string>? fallback = null, bool allowRepeats = false)
    {
        var v = Raw(key);
        if (v is null) return fallback ?? throw Required(key);
        var items = IsArray(v) ? v.GetArray() : null;
        var names = items?.Select(e => e.IsString() ? e.GetString() : null).ToArray();
        if (names is null || names.Length == 0 || names.Any(string.IsNullOrWhiteSpace))
            throw Invalid(key, "a non-empty list of names such as [a, b]", Render(v));
        if (!allowRepeats && names.Distinct().Count() != names.Length)
        {
            string twice = names.GroupBy(n => n).First(g => g.Count() > 1).Key!;
            throw new SweepConfigException($"{_origin}: {key.Path} must name each item once, got '{twice}' twice");
        }
        return names!;
    }

    /// <summary>Renders a duration as a config would write it (500ms, 5s).</summary>
    public static string Format(TimeSpan d) =>
        d.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{(long)d.TotalSeconds}s" : $"{d.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";

    private SweepConfigException Required(ConfigKey key) => new($"{_origin}: {key.Path} is required");

    private HoconValue? Raw(ConfigKey key) =>
        _sections.TryGetValue(key.Section, out var o) && o.Items.TryGetValue(key.Name, out var v) ? v : null;

    internal static bool IsNull(HoconValue v) => v.IsString() && string.IsNullOrWhiteSpace(v.GetString());

    /// <summary>A list, possibly followed by whitespace the parser keeps as a literal (<c>models = [et] }</c>).</summary>
    private static bool IsArray(HoconValue v)
    {
        var parts = v.Values.Where(e => !(e.IsString() && string.IsNullOrWhiteSpace(e.GetString()))).ToList();
        return parts.Count > 0 && parts.All(e => e.IsArray());
    }

    /// <summary>The value as written, for messages: scalars as text (null as "null"), lists as [a, b], sections as {...}.</summary>
    internal static string Render(HoconValue v)
    {
        if (v.IsString()) return v.GetString() ?? "null";
        if (v.IsObject()) return "{...}";
        if (IsArray(v)) return "[" + string.Join(", ", v.GetArray().Select(Render)) + "]";
        return v.ToString();
    }

    internal static SweepConfigException Unknown(string origin, string path, string name, IEnumerable<string> valid, string validList,
        Func<string, string> fullPath)
    {
        string? near = ClosestName.Find(name, valid);
        return new SweepConfigException(near is null
            ? $"{origin}: unknown key {path}; {validList}"
            : $"{origin}: unknown key {path} (did you mean {fullPath(near)}?)");
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
