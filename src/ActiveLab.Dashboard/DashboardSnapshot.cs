namespace ActiveLab.Dashboard;

// What the dashboard shows, as data: /api/status serves it as JSON, the page renders it. Built once a second by
// SnapshotFeed, never per request, so browsers and scripts add no load on the sweep.

/// <summary>The whole dashboard at one moment.</summary>
/// <param name="Sweep">Sweep name.</param>
/// <param name="GeneratedUtc">When this snapshot was taken.</param>
/// <param name="State">starting (the coordinator has not answered yet), running, finished.</param>
/// <param name="Nodes">Cluster members (and trainers of nodes that left).</param>
/// <param name="Cells">Every cell of the grid, in grid order.</param>
/// <param name="Totals">Cell and job counts.</param>
/// <param name="Pace">Jobs per second and the time left (the estimate run/seed print).</param>
/// <param name="Curves">Per (dataset, model): model and consensus accuracy vs round, mean ± std per method over the runs
/// that reached each round so far.</param>
/// <param name="ResultsError">Why the results written so far could not be read this time (null when they could).</param>
public sealed record DashboardSnapshot(
    string Sweep,
    DateTime GeneratedUtc,
    string State,
    NodeView[] Nodes,
    CellView[] Cells,
    TotalsView Totals,
    PaceView Pace,
    CurveGroupView[] Curves,
    string? ResultsError)
{
    /// <summary>What the page shows before the node has answered once.</summary>
    public static DashboardSnapshot Starting(string sweep, DateTime utcNow) =>
        new(sweep, utcNow, "starting", [], [], new TotalsView(0, 0, 0, 0, 0, 0, 0, 0, 0), new PaceView(null, null, null, "—"), [], null);
}

/// <summary>A node of the cluster.</summary>
/// <param name="Address">akka.tcp://activelab@host:port.</param>
/// <param name="Roles">coordinator, trainer.</param>
/// <param name="Status">Akka membership status in lower case (up, joining, leaving, exiting, down, removed), or
/// "unreachable" when the failure detector lost it, or "gone" for a trainer no longer in the cluster.</param>
/// <param name="Device">Torch device of a trainer node (from its role), null when not known.</param>
/// <param name="Slots">Training slots the node claims (0 for a coordinator-only node).</param>
/// <param name="Busy">Jobs it holds now.</param>
/// <param name="JobsDone">Jobs it finished (this run of the coordinator).</param>
/// <param name="LastHeartbeatUtc">When the coordinator last heard from its trainer; null for a node without one.</param>
public sealed record NodeView(string Address, string[] Roles, string Status, string? Device, int Slots, int Busy, long JobsDone,
    DateTime? LastHeartbeatUtc)
{
    public int Free => Math.Max(0, Slots - Busy);
}

/// <summary>One cell: <paramref name="State"/> is pending, running, done or failed; a running cell is in round
/// <c>RoundsDone + 1</c> of <paramref name="Rounds"/>.</summary>
public sealed record CellView(string Id, string Dataset, string Method, string Model, int Repeat, string State, int RoundsDone, int Rounds, string? Error);

/// <summary>Counts of cells and jobs (jobs failed: attempts that threw; each is retried up to max-attempts).</summary>
public sealed record TotalsView(int Cells, int CellsDone, int CellsRunning, int CellsPending, int CellsFailed, long JobsDone, int JobsRunning,
    int JobsQueued, long JobsFailed);

/// <summary>The sweep's pace: <paramref name="SecondsLeft"/> null while unknown; <paramref name="TimeLeft"/> as printed.</summary>
public sealed record PaceView(double? JobsPerSecond, double? RoundsPerSecond, double? SecondsLeft, string TimeLeft);

/// <summary>The curves of one (dataset, model) pair: one chart per metric; <paramref name="LastRound"/> is the last
/// round of its cells (the x axis spans the whole sweep, not only the rounds written so far).</summary>
public sealed record CurveGroupView(string Dataset, string Model, int LastRound, MetricCurvesView[] Metrics);

/// <summary>One metric's chart: <paramref name="Metric"/> is model_accuracy or consensus_accuracy.</summary>
public sealed record MetricCurvesView(string Metric, string Title, MethodCurveView[] Methods);

/// <summary>One method's line.</summary>
public sealed record MethodCurveView(string Method, string Label, CurvePointView[] Points);

/// <summary>Mean and population std over the <paramref name="Runs"/> repeats that reached <paramref name="Round"/>.</summary>
public sealed record CurvePointView(int Round, double Mean, double Std, int Runs);
