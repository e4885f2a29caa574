using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Results;

namespace ActiveLab.Dashboard;

/// <summary>
/// Puts one <see cref="DashboardSnapshot"/> together from what the node knows: the coordinator's detail (null while it
/// has not answered), the cluster's members, the pace estimate and the rounds written so far. Pure: no actors, no clock.
/// </summary>
public static class SnapshotBuilder
{
    public static DashboardSnapshot Build(string sweep, SweepDetail? detail, IReadOnlyList<ClusterMemberInfo> members, SweepPaceEstimate pace,
        IReadOnlyList<RoundRow> rounds, string? resultsError, DateTime utcNow)
    {
        var trainers = detail?.Trainers ?? [];
        var nodes = new List<NodeView>();
        foreach (var m in members)
            nodes.Add(Node(m.Address, m.Roles, m.Reachable ? m.Status : "unreachable", trainers.Where(t => t.Node == m.Address).ToList()));
        var known = members.Select(m => m.Address).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in trainers.Where(t => !known.Contains(t.Node)).GroupBy(t => t.Node))
            nodes.Add(Node(gone.Key, [NodeOptions.TrainerRole], "gone", gone.ToList()));

        var cells = (detail?.Cells ?? []).Select(c => new CellView(c.CellId, c.Dataset, c.Method, c.Model, c.Repeat,
            c.State.ToString().ToLowerInvariant(), c.RoundsDone, c.Rounds, c.Error)).ToArray();
        var status = detail?.Status;
        var totals = new TotalsView(cells.Length,
            cells.Count(c => c.State == "done"), cells.Count(c => c.State == "running"), cells.Count(c => c.State == "pending"),
            cells.Count(c => c.State == "failed"),
            status?.CompletedJobs ?? 0, status?.LeasedJobs ?? 0, status?.PendingJobs ?? 0, trainers.Sum(t => t.JobsFailed));
        bool finished = status?.Finished == true;
        var left = finished ? TimeSpan.Zero : pace.TimeLeftAt(utcNow);
        var paceView = new PaceView(pace.JobsPerSecond, pace.RoundsPerSecond, left?.TotalSeconds,
            finished ? "done" : SweepPaceEstimate.Format(left));
        string state = detail is null ? "starting" : finished ? "finished" : "running";
        // Round indices run from 0 (the initial labels) to the cell's round count − 1.
        var lastRounds = cells.GroupBy(c => (c.Dataset, c.Model)).ToDictionary(g => g.Key, g => g.Max(c => c.Rounds) - 1);
        var curves = LiveCurves.Build(rounds, (d, m) => lastRounds.TryGetValue((d, m), out int last) ? last : null);
        return new DashboardSnapshot(sweep, utcNow, state, nodes.ToArray(), cells, totals, paceView, curves, resultsError);
    }

    /// <summary>A node's row: its trainer actors' activity summed (a node's trainer may have been restarted).</summary>
    private static NodeView Node(string address, IEnumerable<string> roles, string status, List<TrainerDetail> trainers)
    {
        var roleList = roles.ToList();
        string? device = roleList.FirstOrDefault(r => r.StartsWith(NodeOptions.DevicePrefix, StringComparison.Ordinal))?[NodeOptions.DevicePrefix.Length..];
        var latest = trainers.OrderByDescending(t => t.LastSeenUtc).FirstOrDefault();
        return new NodeView(address,
            roleList.Where(r => !r.StartsWith(NodeOptions.DevicePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray(),
            status, device, latest?.Slots ?? 0, trainers.Sum(t => t.Busy), trainers.Sum(t => t.JobsDone), latest?.LastSeenUtc);
    }
}
