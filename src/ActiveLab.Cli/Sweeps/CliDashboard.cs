using ActiveLab.Dashboard;

namespace ActiveLab.Cli.Sweeps;

/// <summary>Starts the dashboard of <c>run</c> / <c>seed</c> when asked, before the node: a taken port is one input-error line.</summary>
internal static class CliDashboard
{
    public static async Task<SweepDashboard?> StartAsync(DashboardSweepSettings settings, string sweep, CliIo io)
    {
        if (settings.Dashboard is not { } options) return null;
        SweepDashboard dashboard;
        try
        {
            dashboard = await SweepDashboard.StartAsync(options, sweep);
        }
        catch (DashboardStartException e)
        {
            throw new CliInputException(e.Message);
        }
        if (!options.IsLoopback)
            io.Error.WriteLine($"warning: --http-host {options.Host}: the dashboard (read-only, no login) is readable by anyone who reaches port {options.Port}; an SSH tunnel to 127.0.0.1 keeps it private");
        io.Out.WriteLine($"dashboard: {options.Url} (JSON: {options.Url}api/status)");
        io.Out.Flush();
        return dashboard;
    }
}
