using Akka.Actor;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// A node's health and the outage watches of its dependencies, as an actor-system extension so that actors (cells, the
/// coordinator, the results writer, trainers) report to the same place without threading it through every Props.
/// The host registers it with its own window (<see cref="NodeWatchId"/>); actor tests get a default one.
/// </summary>
public sealed class NodeWatch : IExtension, IDisposable
{
    private readonly Timer _timer;

    public NodeWatch(TimeSpan unavailableTimeout, string journalDescription)
    {
        Journal = new OutageWatch($"the journal ({journalDescription})", unavailableTimeout, Health);
        Results = new OutageWatch("the results folder", unavailableTimeout, Health);
        // Failures are checked when reported; this catches an outage that went quiet (nothing retried since).
        _timer = new Timer(_ => { Journal.Check(); Results.Check(); }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public NodeHealth Health { get; } = new();
    public OutageWatch Journal { get; }
    public OutageWatch Results { get; }

    public static NodeWatch Get(ActorSystem system) => system.WithExtension<NodeWatch, NodeWatchId>();

    public void Dispose() => _timer.Dispose();
}

/// <summary>Creates the <see cref="NodeWatch"/> of a system (default window: 3 minutes).</summary>
public sealed class NodeWatchId(TimeSpan unavailableTimeout, string journalDescription) : ExtensionIdProvider<NodeWatch>
{
    public static readonly TimeSpan DefaultUnavailableTimeout = TimeSpan.FromMinutes(3);

    public NodeWatchId() : this(DefaultUnavailableTimeout, "journal") { }

    public override NodeWatch CreateExtension(ExtendedActorSystem system)
    {
        var watch = new NodeWatch(unavailableTimeout, journalDescription);
        system.RegisterOnTermination(watch.Dispose);
        return watch;
    }
}
