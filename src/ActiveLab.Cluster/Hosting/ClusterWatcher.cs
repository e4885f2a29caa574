using Akka.Actor;
using Akka.Cluster;

namespace ActiveLab.Cluster.Hosting;

/// <summary>Why a worker node's cluster membership ended.</summary>
public enum MembershipEnd
{
    /// <summary>The coordinator's node left gracefully: the sweep is over.</summary>
    CoordinatorLeft,

    /// <summary>The coordinator's node crashed or was downed, or this node was removed: rejoin with a fresh node.</summary>
    Lost,
}

/// <summary>
/// Watches cluster membership from a worker node: a graceful exit of the coordinator node ends the worker; a crashed
/// coordinator (unreachable beyond a grace period, or downed) or this node's own removal asks for a rejoin.
/// </summary>
public sealed class ClusterWatcher : ReceiveActor, IWithTimers
{
    private sealed record Check;

    private readonly TaskCompletionSource<MembershipEnd> _end;
    private readonly TimeSpan _grace;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private DateTime? _coordinatorUnreachableSince;

    public ClusterWatcher(TaskCompletionSource<MembershipEnd> end, TimeSpan grace)
    {
        _end = end;
        _grace = grace;
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<ClusterEvent.MemberRemoved>(m =>
        {
            if (m.Member.Address == _cluster.SelfAddress) _end.TrySetResult(MembershipEnd.Lost);
            else if (IsCoordinator(m.Member))
                _end.TrySetResult(m.PreviousStatus == MemberStatus.Exiting ? MembershipEnd.CoordinatorLeft : MembershipEnd.Lost);
        });
        Receive<ClusterEvent.UnreachableMember>(m => { if (IsCoordinator(m.Member)) _coordinatorUnreachableSince ??= DateTime.UtcNow; });
        Receive<ClusterEvent.ReachableMember>(m => { if (IsCoordinator(m.Member)) _coordinatorUnreachableSince = null; });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.IReachabilityEvent>(_ => { });
        Receive<Check>(_ =>
        {
            if (_coordinatorUnreachableSince is { } since && DateTime.UtcNow - since > _grace) _end.TrySetResult(MembershipEnd.Lost);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TaskCompletionSource<MembershipEnd> end, TimeSpan grace) =>
        Akka.Actor.Props.Create(() => new ClusterWatcher(end, grace));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("check", new Check(), TimeSpan.FromSeconds(1));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private static bool IsCoordinator(Member m) => m.HasRole(NodeOptions.CoordinatorRole);
}
