using System.Reflection;
using ActiveLab.Cluster.Sweeps;
using Spectre.Console.Cli;

namespace ActiveLab.Cli;

/// <summary>
/// Command-line flags of the node commands (<c>run</c>, <c>seed</c>, <c>worker</c>, <c>status</c>) from environment
/// variables, which is how containers are configured: <c>--public-host</c> is <c>ACTIVELAB__PUBLIC_HOST</c>, a flag
/// without a value (<c>--insecure</c>) is set by <c>true</c>/<c>false</c>. A flag on the command line wins over its
/// variable. One environment may serve several commands (a compose file's shared settings), so a variable that is
/// another command's flag is ignored; one that is no command's flag is refused with the closest name. Settings of the
/// sweep config (<c>ACTIVELAB__SECTION__KEY</c>, two parts) are <see cref="ConfigEnvironment"/>'s.
/// </summary>
public static class EnvironmentArguments
{
    private static readonly string[] NodeCommands = ["run", "seed", "worker", "status"];

    /// <summary>The flag a variable of one part stands for: ACTIVELAB__PUBLIC_HOST → public-host.</summary>
    public static string VariableOf(string longName) => ConfigEnvironment.Prefix + longName.ToUpperInvariant().Replace('-', '_');

    /// <summary><paramref name="args"/> with the flags the environment sets and the command line does not.</summary>
    /// <param name="settingsTypes">The settings type of each command.</param>
    public static string[] Merge(string[] args, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, Type> settingsTypes)
    {
        var flagVariables = environment.Keys
            .Where(v => v.StartsWith(ConfigEnvironment.Prefix, StringComparison.Ordinal) && !v[ConfigEnvironment.Prefix.Length..].Contains("__", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        if (flagVariables.Count == 0) return args;

        var everyFlag = NodeCommands.SelectMany(c => Options(settingsTypes[c])).Select(o => VariableOf(o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (string variable in flagVariables.Where(v => !everyFlag.Contains(v)))
        {
            string? closest = ClosestName.Find(variable, everyFlag);
            throw new CliInputException($"environment variable {variable} names no option of run, seed, worker or status" +
                (closest is null ? "" : $" (did you mean {closest}?)"));
        }
        if (args.Length == 0 || !NodeCommands.Contains(args[0])) return args;

        var merged = new List<string>(args);
        foreach (var (name, isSwitch) in Options(settingsTypes[args[0]]))
        {
            string variable = VariableOf(name);
            if (!environment.TryGetValue(variable, out string? value)) continue;
            if (args.Any(a => a == "--" + name || a.StartsWith("--" + name + "=", StringComparison.Ordinal))) continue;
            if (!isSwitch)
            {
                merged.Add("--" + name);
                merged.Add(value);
                continue;
            }
            switch (value.Trim().ToLowerInvariant())
            {
                case "true" or "1" or "yes" or "on": merged.Add("--" + name); break;
                case "false" or "0" or "no" or "off" or "": break;
                default: throw new CliInputException($"environment variable {variable} must be true or false, got '{value}'");
            }
        }
        return merged.ToArray();
    }

    /// <summary>The long names of a settings type's options, and whether each is a switch (a flag without a value).</summary>
    private static IEnumerable<(string Name, bool IsSwitch)> Options(Type settings) =>
        settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Option: p.GetCustomAttribute<CommandOptionAttribute>()))
            .Where(x => x.Option is not null)
            .SelectMany(x => x.Option!.LongNames.Select(n => (n, x.Property.PropertyType == typeof(bool))));
}
