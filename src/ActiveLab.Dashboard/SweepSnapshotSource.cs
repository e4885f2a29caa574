using Akka.Actor;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Dashboard;

/// <summary>
/// Snapshots of a sweep running on this node: the coordinator answers <see cref="GetSweepDetail"/> through its own
/// singleton proxy (an ask with a short timeout: a busy or moving coordinator costs the dashboard a stale second, never
/// the sweep a wait), the cluster state comes from Akka's local view, the curves from the files written so far.
/// </summary>
public sealed class SweepSnapshotSource(SweepNode node, SweepConfig config, SweepPace pace) : ISnapshotSource
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);
    private readonly IActorRef _coordinator = node.CoordinatorProxy("dashboard-coordinator-proxy");
    private readonly LiveRounds _rounds = new(config.SweepDir);
    private SweepDetail? _last;

    public async Task<DashboardSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _last = await _coordinator.Ask<SweepDetail>(new GetSweepDetail(), AskTimeout, cancellationToken);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No answer this time: the last one is shown (the node list below is current anyway).
        }
        var state = node.Cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members.Select(m => new ClusterMemberInfo(m.Address.ToString(), m.Roles.ToArray(),
            m.Status.ToString().ToLowerInvariant(), !unreachable.Contains(m.Address))).ToList();
        var (rows, problem) = await _rounds.ReadAsync(_last?.Status.Finished == true, cancellationToken);
        return SnapshotBuilder.Build(config.Name, _last, members, pace.Current, rows, problem, DateTime.UtcNow);
    }
}
