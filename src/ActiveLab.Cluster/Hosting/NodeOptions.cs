namespace ActiveLab.Cluster.Hosting;

/// <summary>Where a node listens and whom it joins.</summary>
/// <param name="Host">Address to bind and advertise (default 127.0.0.1; use the machine's address on a real cluster).</param>
/// <param name="Port">TCP port; 0 = any free port (single-node runs).</param>
/// <param name="SeedNodes">Seed node addresses (akka.tcp://activelab@HOST:PORT); empty = join itself.</param>
/// <param name="Roles">Cluster roles: "coordinator" (holds the sweep), "trainer" (runs jobs).</param>
public sealed record NodeOptions(string Host, int Port, IReadOnlyList<string> SeedNodes, IReadOnlyList<string> Roles)
{
    public const string SystemName = "activelab";
    public const string CoordinatorRole = "coordinator";
    public const string TrainerRole = "trainer";

    /// <summary>A node that has not joined its seed nodes within this time shuts its actor system down (null: keeps
    /// trying forever, Akka's default). Workers use it to notice an unreachable seed.</summary>
    public TimeSpan? JoinTimeout { get; init; }
}
