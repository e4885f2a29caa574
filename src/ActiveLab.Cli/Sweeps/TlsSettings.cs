using System.Net;
using ActiveLab.Cluster.Hosting;

namespace ActiveLab.Cli.Sweeps;

/// <summary>
/// The TLS options of <c>seed</c> and <c>worker</c>, and the rule that goes with them: a node that binds anything but
/// loopback must use TLS (the cluster's certificate), unless <c>--insecure</c> says otherwise explicitly.
/// </summary>
internal static class TlsSettings
{
    public const string PasswordVariable = "ACTIVELAB_TLS_PASSWORD";

    /// <summary>The node's TLS, or null for plain TCP (loopback, or --insecure with a warning on stderr).</summary>
    public static NodeTls? Resolve(string host, string? certificate, string? passwordFile, bool insecure, CliIo io)
    {
        if (certificate is not null)
        {
            if (insecure) throw new CliInputException("--insecure and --tls-certificate exclude each other");
            return new NodeTls(Path.GetFullPath(certificate), Password(passwordFile));
        }
        if (passwordFile is not null) throw new CliInputException("--tls-password-file needs --tls-certificate");
        if (IsLoopback(host)) return null;
        if (!insecure)
            throw new CliInputException(
                $"--host {host} is reachable from other machines: give the cluster's certificate (--tls-certificate FILE.pfx, " +
                $"password in --tls-password-file or ${PasswordVariable}), or accept plain TCP explicitly with --insecure");
        io.Error.WriteLine($"warning: --insecure: node traffic on {host} is neither encrypted nor authenticated; anyone who reaches the port can join");
        return null;
    }

    /// <summary>The password: from the file (first line), else from $ACTIVELAB_TLS_PASSWORD, else none.</summary>
    private static string? Password(string? passwordFile)
    {
        if (passwordFile is null) return Environment.GetEnvironmentVariable(PasswordVariable);
        try
        {
            return File.ReadLines(passwordFile).FirstOrDefault()?.TrimEnd('\r') ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"--tls-password-file {passwordFile}: {e.Message}");
        }
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
