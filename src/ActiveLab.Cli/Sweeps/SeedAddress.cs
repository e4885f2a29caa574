using System.Globalization;
using ActiveLab.Cluster.Hosting;

namespace ActiveLab.Cli.Sweeps;

/// <summary>Checks a <c>--seed</c> address before a node tries it (a malformed one made Akka retry forever).</summary>
internal static class SeedAddress
{
    /// <summary>Null when <paramref name="address"/> is <c>akka.tcp://activelab@HOST:PORT</c>, else the one-line problem.</summary>
    public static string? Check(string? address)
    {
        const string Shape = "akka.tcp://activelab@HOST:PORT, e.g. akka.tcp://activelab@10.0.0.5:4053";
        if (string.IsNullOrWhiteSpace(address)) return $"--seed is required: the seed node's address, {Shape}";
        string scheme = address.StartsWith("akka.ssl.tcp://", StringComparison.Ordinal) ? "akka.ssl.tcp://" : "akka.tcp://";
        if (!address.StartsWith(scheme, StringComparison.Ordinal)) return $"--seed '{address}' must start with akka.tcp:// ({Shape})";
        string rest = address[scheme.Length..];
        int at = rest.IndexOf('@');
        if (at < 0 || rest[..at] != NodeOptions.SystemName) return $"--seed '{address}' must name the actor system '{NodeOptions.SystemName}' ({Shape})";
        string hostPort = rest[(at + 1)..];
        int colon = hostPort.LastIndexOf(':');
        if (colon <= 0) return $"--seed '{address}' has no port ({Shape})";
        string host = hostPort[..colon], port = hostPort[(colon + 1)..];
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '?' or '#'))
            return $"--seed '{address}' has no valid host ({Shape})";
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p is < 1 or > 65535)
            return $"--seed '{address}': port must be 1..65535 ({Shape})";
        return null;
    }
}
