using ActiveLab.Cluster.Hosting;

namespace ActiveLab.Cli.Sweeps;

/// <summary>The network options <c>seed</c> and <c>worker</c> share: one text and one check for each.</summary>
internal static class NodeNetworkOptions
{
    public const string Host = "Address to bind (default 127.0.0.1; 0.0.0.0 binds every interface, then set --public-host or the host name is advertised).";
    public const string PublicHost = "Address other nodes use to reach this node, when it differs from --host (containers, NAT, 0.0.0.0 binds); default: --host, or this machine's host name when --host is a wildcard.";
    public const string PublicPort = "Port other nodes use, when it differs from --port (a mapped container port); default: the bound port.";
    public const string TlsCertificate = "The cluster's certificate (PKCS#12 with its key, the same file on every node): TLS between nodes with mutual authentication; only nodes holding it can join. Required when --host is not loopback, unless --insecure.";
    public const string TlsPasswordFile = "File whose first line is the certificate's password (default: $ACTIVELAB_TLS_PASSWORD, else none).";
    public const string Insecure = "Accept plain TCP on a non-loopback --host (no encryption, no authentication): only on a network you trust.";

    /// <summary>Null when the advertised address and port are usable, else the one-line problem.</summary>
    public static string? Problem(string? publicHost, int? publicPort)
    {
        if (publicHost is not null && NodeOptions.IsWildcard(publicHost))
            return $"--public-host {publicHost} is a wildcard: advertise an address or name other nodes can reach";
        if (publicPort is < 1 or > 65535) return $"--public-port must be 1..65535, got {publicPort}";
        return null;
    }
}
