using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace ActiveLab.Cli;

/// <summary>
/// Rewrites Spectre's conversion error for an option value ("Failed to convert '-1' to Nullable`1.", which names
/// neither the option nor what it accepts) into one line that does: <c>--seed must be a non-negative integer, got '-1'</c>.
/// </summary>
/// <remarks>
/// Spectre's exception carries only the value and the target type's name, so the option is found in the arguments
/// (the option written just before that value, or <c>--option=value</c>) and its type in the settings class of the
/// command being run (the verbs are given as the command path → settings type map of <see cref="Program"/>). This
/// covers every numeric option of every command, including those of commands whose files this class does not touch.
/// </remarks>
internal static partial class OptionValueErrors
{
    /// <summary>
    /// The one-line message for <paramref name="exception"/> when it is a failed option value conversion; null when
    /// it is not one or the option cannot be identified (the caller then prints Spectre's message).
    /// </summary>
    /// <param name="exception">The exception the command app reported.</param>
    /// <param name="args">The command line as given to the tool.</param>
    /// <param name="settingsOf">Settings type of a command path ("score", "bench train"), or null.</param>
    public static string? Describe(Exception exception, IReadOnlyList<string> args, Func<string, Type?> settingsOf)
    {
        if (exception is not CommandAppException) return null;
        Match m = ConversionFailed().Match(exception.Message);
        if (!m.Success) return null;
        string value = m.Groups["value"].Value;
        string? option = OptionBefore(args, value);
        if (option is null) return null;
        Type? settings = args.Count >= 2 ? settingsOf(args[0] + " " + args[1]) : null;
        settings ??= args.Count >= 1 ? settingsOf(args[0]) : null;
        Type? type = settings is null ? null : OptionType(settings, option);
        string what = type is null ? m.Groups["type"].Value : Describe(type);
        return $"{option} must be {what}, got {Quote(value)}";
    }

    /// <summary>The option that <paramref name="value"/> was given to: <c>--opt value</c> or <c>--opt=value</c>.</summary>
    private static string? OptionBefore(IReadOnlyList<string> args, string value)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith('-')) continue;
            int eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && a[(eq + 1)..] == value) return a[..eq];
            if (eq < 0 && i + 1 < args.Count && args[i + 1] == value) return a;
        }
        return null;
    }

    /// <summary>The property type of option <paramref name="option"/> (e.g. "--seed", "-s") in <paramref name="settings"/>.</summary>
    private static Type? OptionType(Type settings, string option)
    {
        string name = option.TrimStart('-');
        bool isLong = option.StartsWith("--", StringComparison.Ordinal);
        foreach (PropertyInfo p in settings.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = p.GetCustomAttribute<CommandOptionAttribute>();
            if (attribute is null) continue;
            IEnumerable<string> names = isLong ? attribute.LongNames : attribute.ShortNames;
            if (names.Contains(name, StringComparer.Ordinal)) return p.PropertyType;
        }
        return null;
    }

    private static string Describe(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()));
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => "a non-negative integer",
            TypeCode.SByte or TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 => "an integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            _ => t == typeof(TimeSpan) ? "a duration such as 00:00:30" : $"a {t.Name}",
        };
    }

    private static string Quote(string value) => "'" + CliText.OneLine(value) + "'";

    [GeneratedRegex(@"^Failed to convert '(?<value>.*)' to (?<type>.+?)\.?$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ConversionFailed();
}
