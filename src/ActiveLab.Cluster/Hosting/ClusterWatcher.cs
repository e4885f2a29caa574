using Akka.Actor;
using Akka.Cluster;
using ActiveLab.Cluster.Protocol;

namespace ActiveLab.Cluster.Hosting;

/// <summary>Why a worker node's cluster membership ended.</summary>
public enum MembershipEnd
{
    /// <summary>The coordinator said the sweep is complete: the worker exits.</summary>
    SweepOver,

    /// <summary>The coordinator's node left without finishing (stopped, crashed, downed), or this node was removed:
    /// rejoin with a fresh node and wait for the seed to come back.</summary>
    Lost,
}

/// <summary>What a <see cref="ClusterWatcher"/> saw, readable by the host after the watcher's node is gone.</summary>
public sealed class MembershipLog
{
    private int _joined;

    /// <summary>This node became a member of the cluster at least once.</summary>
    public bool Joined => Volatile.Read(ref _joined) == 1;

    internal void MarkJoined() => Volatile.Write(ref _joined, 1);
}

/// <summary>
/// Watches cluster membership from a worker node: the coordinator's <see cref="SweepFinished"/> ends the worker; a
/// coordinator node that leaves, crashes (unreachable beyond a grace period) or is downed, or this node's own
/// removal, asks for a rejoin.
/// </summary>
public sealed class ClusterWatcher : ReceiveActor, IWithTimers
{
    private sealed record Check;

    private readonly TaskCompletionSource<MembershipEnd> _end;
    private readonly MembershipLog _log;
    private readonly TimeSpan _grace;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private DateTime? _coordinatorUnreachableSince;

    public ClusterWatcher(TaskCompletionSource<MembershipEnd> end, MembershipLog log, TimeSpan grace)
    {
        _end = end;
        _log = log;
        _grace = grace;
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            if (s.Members.Any(m => m.Address == _cluster.SelfAddress && m.Status == MemberStatus.Up)) _log.MarkJoined();
        });
        Receive<ClusterEvent.MemberUp>(m => { if (m.Member.Address == _cluster.SelfAddress) _log.MarkJoined(); });
        Receive<ClusterEvent.MemberRemoved>(m =>
        {
            if (m.Member.Address == _cluster.SelfAddress || IsCoordinator(m.Member)) _end.TrySetResult(MembershipEnd.Lost);
        });
        Receive<ClusterEvent.UnreachableMember>(m => { if (IsCoordinator(m.Member)) _coordinatorUnreachableSince ??= DateTime.UtcNow; });
        Receive<ClusterEvent.ReachableMember>(m => { if (IsCoordinator(m.Member)) _coordinatorUnreachableSince = null; });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.IReachabilityEvent>(_ => { });
        Receive<SweepFinished>(_ => _end.TrySetResult(MembershipEnd.SweepOver));
        Receive<Check>(_ =>
        {
            if (_coordinatorUnreachableSince is { } since && DateTime.UtcNow - since > _grace) _end.TrySetResult(MembershipEnd.Lost);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TaskCompletionSource<MembershipEnd> end, MembershipLog log, TimeSpan grace) =>
        Akka.Actor.Props.Create(() => new ClusterWatcher(end, log, grace));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Context.System.EventStream.Subscribe(Self, typeof(SweepFinished));
        Timers.StartPeriodicTimer("check", new Check(), TimeSpan.FromSeconds(1));
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    private static bool IsCoordinator(Member m) => m.HasRole(NodeOptions.CoordinatorRole);
}
