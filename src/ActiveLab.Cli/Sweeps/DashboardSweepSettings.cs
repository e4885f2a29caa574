using System.ComponentModel;
using ActiveLab.Dashboard;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Sweeps;

/// <summary>Options of the commands that run a sweep (<c>run</c>, <c>seed</c>): the sweep's, plus its live dashboard.</summary>
public class DashboardSweepSettings : SweepSettings
{
    [CommandOption("--http-port <P>")]
    [Description("Serve a live dashboard of the sweep on this port (default: off): open http://<http-host>:P/; JSON at /api/status.")]
    public int? HttpPort { get; init; }

    [CommandOption("--http-host <ADDR>")]
    [Description("Address the dashboard binds (default 127.0.0.1: this machine only; reach a remote node's page with ssh -L). It is read-only and has no login.")]
    public string HttpHost { get; init; } = DashboardOptions.DefaultHost;

    /// <summary>The dashboard's options, or null when it is off.</summary>
    public DashboardOptions? Dashboard => HttpPort is { } port ? new DashboardOptions(HttpHost, port) : null;

    public override ValidationResult Validate()
    {
        if (Dashboard?.Problem() is { } problem) return ValidationResult.Error(problem);
        return base.Validate();
    }
}
