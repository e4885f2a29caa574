namespace ActiveLab.Cli;

/// <summary>
/// Resolves the <c>data-dir</c> setting: the command-line option, else the <c>ACTIVELAB_DATA_DIR</c> environment
/// variable, else <c>data/</c> in the current directory (the repository ships the Wall Robot file there).
/// </summary>
internal static class DataDirectory
{
    public const string EnvironmentVariable = "ACTIVELAB_DATA_DIR";

    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option)) return Path.GetFullPath(option);
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        return Path.GetFullPath("data");
    }
}
