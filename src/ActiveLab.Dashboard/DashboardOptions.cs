using System.Net;

namespace ActiveLab.Dashboard;

/// <summary>Where the dashboard listens.</summary>
/// <param name="Host">An IP address of this machine, or <c>localhost</c> (default 127.0.0.1: only this machine; reach a
/// remote node's page through an SSH tunnel).</param>
/// <param name="Port">TCP port, 1..65535.</param>
public sealed record DashboardOptions(string Host, int Port)
{
    public const string DefaultHost = "127.0.0.1";

    /// <summary>Null when the options are usable, else the one-line problem.</summary>
    public string? Problem()
    {
        if (Port is < 1 or > 65535) return $"--http-port must be 1..65535, got {Port}";
        if (!IsLocalhost && !IPAddress.TryParse(Host, out _)) return $"--http-host '{Host}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0) or localhost";
        return null;
    }

    /// <summary>True when only this machine can reach the page.</summary>
    public bool IsLoopback => IsLocalhost || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The page's address as printed for the user (a wildcard bind is shown as 127.0.0.1).</summary>
    public string Url
    {
        get
        {
            string host = Host is "0.0.0.0" ? "127.0.0.1" : Host is "::" or "[::]" ? "[::1]" : Host.Contains(':') && !Host.StartsWith('[') ? $"[{Host}]" : Host;
            return $"http://{host}:{Port}/";
        }
    }

    private bool IsLocalhost => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);
}
