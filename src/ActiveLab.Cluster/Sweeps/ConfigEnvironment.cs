using System.Collections;
using Akka.Hosting;

namespace ActiveLab.Cluster.Sweeps;

/// <summary>
/// Sweep-config settings from environment variables, which is how containers are configured:
/// <c>ACTIVELAB__&lt;SECTION&gt;__&lt;KEY&gt;</c>, upper case, '-' written '_' (<c>activelab.cluster.max-slots-per-node</c> is
/// <c>ACTIVELAB__CLUSTER__MAX_SLOTS_PER_NODE</c>). A variable replaces the config file's value; command-line flags
/// replace both (<c>--data-dir</c>, <c>--results-dir</c>). Variables with one part after the prefix
/// (<c>ACTIVELAB__PORT</c>) are the command-line flags' and are read by the CLI. The overrides are appended to the
/// config text, so the manifest and the journal record the settings the sweep really ran with, and the config hash
/// covers them (a changed variable is refused on resume like a changed file).
/// </summary>
public static class ConfigEnvironment
{
    public const string Prefix = "ACTIVELAB__";

    /// <summary>One setting taken from the environment.</summary>
    public sealed record Override(ConfigKey Key, string Variable, string Value);

    /// <summary>The variable that sets <paramref name="key"/>.</summary>
    public static string VariableOf(ConfigKey key) => Prefix + Part(key.Section.Name) + "__" + Part(key.Name);

    private static string Part(string name) => name.ToUpperInvariant().Replace('-', '_');

    /// <summary>This process's environment.</summary>
    public static IReadOnlyDictionary<string, string> Current() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);

    /// <summary>The config settings named by <paramref name="environment"/>, in key order. A variable with the prefix and
    /// two or more parts that names no setting is a <see cref="SweepConfigException"/> (with the closest name).</summary>
    public static IReadOnlyList<Override> Read(IReadOnlyDictionary<string, string> environment)
    {
        var byVariable = SweepConfigKeys.Sections.SelectMany(s => s.Keys).ToDictionary(VariableOf, StringComparer.Ordinal);
        var found = new List<Override>();
        foreach (var (variable, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!variable.StartsWith(Prefix, StringComparison.Ordinal) || !variable[Prefix.Length..].Contains("__", StringComparison.Ordinal)) continue;
            if (!byVariable.TryGetValue(variable, out var key))
            {
                string? closest = ClosestName.Find(variable, byVariable.Keys);
                throw new SweepConfigException($"environment variable {variable} names no setting" +
                    (closest is null ? $" (settings are {Prefix}<SECTION>__<KEY>, e.g. {VariableOf(SweepConfigKeys.Rounds)})" : $" (did you mean {closest}?)"));
            }
            if (value.Contains('\n') || value.Contains('\r'))
                throw new SweepConfigException($"environment variable {variable} must be one line");
            found.Add(new Override(key, variable, value));
        }
        return found;
    }

    /// <summary>The config text with the overrides appended (a later HOCON value replaces an earlier one).</summary>
    public static string Apply(string hocon, IReadOnlyList<Override> overrides)
    {
        if (overrides.Count == 0) return hocon;
        var lines = overrides.Select(o => $"{o.Key.Path} = {Render(o.Value)}  # {o.Variable}");
        return hocon.TrimEnd() + "\n\n# Set by environment variables:\n" + string.Join("\n", lines) + "\n";
    }

    /// <summary>A list or null as written; anything else as one quoted string, which the reader types like any value.</summary>
    private static string Render(string value)
    {
        string v = value.Trim();
        if (v == "null" || (v.StartsWith('[') && v.EndsWith(']'))) return v;
        return value.ToHocon();
    }
}
