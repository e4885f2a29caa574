using System.ComponentModel;
using ActiveLab.Cluster.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Sweeps;

/// <summary>Options shared by <c>run</c>, <c>seed</c> and <c>status</c>: the sweep config and path overrides.</summary>
public class SweepSettings : CommandSettings
{
    [CommandOption("--config <FILE>")]
    [Description("Required. Sweep config (HOCON), e.g. config/quickstart.conf.")]
    public string? Config { get; init; }

    [CommandOption("--data-dir <DIR>")]
    [Description("Data directory; overrides the config's data-dir.")]
    public string? DataDir { get; init; }

    [CommandOption("--results-dir <DIR>")]
    [Description("Results directory; overrides the config's results-dir. The sweep's files go to <results-dir>/<sweep name>/.")]
    public string? ResultsDir { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Config) ? ValidationResult.Error("--config is required") : ValidationResult.Success();

    /// <summary>Loads the config with the overrides; a bad config becomes a one-line input error.</summary>
    public SweepConfig LoadConfig()
    {
        try
        {
            return SweepConfig.Load(Config!, DataDir is null ? null : Path.GetFullPath(DataDir), ResultsDir is null ? null : Path.GetFullPath(ResultsDir),
                ConfigEnvironment.Current());
        }
        catch (SweepConfigException e)
        {
            throw new CliInputException(e.Message);
        }
    }
}
