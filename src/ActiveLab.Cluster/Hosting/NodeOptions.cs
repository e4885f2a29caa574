namespace ActiveLab.Cluster.Hosting;

/// <summary>Where a node listens and whom it joins.</summary>
/// <param name="Host">Address to bind (default 127.0.0.1; 0.0.0.0 binds every interface).</param>
/// <param name="Port">TCP port to bind; 0 = any free port (single-node runs).</param>
/// <param name="SeedNodes">Seed node addresses (akka.tcp://activelab@HOST:PORT); empty = join itself.</param>
/// <param name="Roles">Cluster roles: "coordinator" (holds the sweep), "trainer" (runs jobs).</param>
public sealed record NodeOptions(string Host, int Port, IReadOnlyList<string> SeedNodes, IReadOnlyList<string> Roles)
{
    public const string SystemName = "activelab";
    public const string CoordinatorRole = "coordinator";
    public const string TrainerRole = "trainer";

    /// <summary>Prefix of the informational role that names a trainer node's torch device (shown by the dashboard).</summary>
    public const string DevicePrefix = "device-";

    /// <summary>The device role of a trainer node: <c>device-cuda-1</c> for <c>cuda:1</c>. Roles are written into HOCON,
    /// so only letters, digits and '-' are kept.</summary>
    public static string DeviceRole(string device) =>
        DevicePrefix + new string(device.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    /// <summary>A node that has not joined its seed nodes within this time shuts its actor system down (null: keeps
    /// trying forever, Akka's default). Workers use it to notice an unreachable seed.</summary>
    public TimeSpan? JoinTimeout { get; init; }

    /// <summary>The address other nodes use to reach this one (containers, NAT, several interfaces); null: the bind
    /// address, or this machine's host name when the bind address is a wildcard.</summary>
    public string? PublicHost { get; init; }

    /// <summary>The port other nodes use (a mapped container port); null: the bound port.</summary>
    public int? PublicPort { get; init; }

    /// <summary>TLS with mutual authentication between nodes (null: plain TCP).</summary>
    public NodeTls? Tls { get; init; }

    /// <summary>The address scheme of this node's transport: <c>akka.ssl.tcp</c> with TLS, <c>akka.tcp</c> without.</summary>
    public string Protocol => Tls is null ? "akka.tcp" : "akka.ssl.tcp";

    /// <summary>The seed addresses in this node's scheme: users may write <c>akka.tcp://</c> for a TLS cluster too.</summary>
    public IReadOnlyList<string> SeedAddresses => SeedNodes
        .Select(a => a.StartsWith("akka.ssl.tcp://", StringComparison.Ordinal) ? a["akka.ssl.tcp://".Length..]
            : a.StartsWith("akka.tcp://", StringComparison.Ordinal) ? a["akka.tcp://".Length..] : a)
        .Select(rest => $"{Protocol}://{rest}").ToArray();

    /// <summary>The host other nodes are told to use.</summary>
    public string AdvertisedHost => PublicHost ?? (IsWildcard(Host) ? System.Net.Dns.GetHostName() : Host);

    /// <summary>0.0.0.0, ::, * — an address to bind, never one to advertise.</summary>
    public static bool IsWildcard(string host) => host is "0.0.0.0" or "::" or "[::]" or "*";
}
