using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Dashboard;

/// <summary>
/// The dashboard of one sweep node, as <c>run</c> and <c>seed</c> use it: <see cref="StartAsync"/> listens before the
/// node starts (a taken port stops the command before anything is written), <see cref="Attach"/> connects it to the
/// node once it runs, <see cref="RefreshAsync"/> takes a last snapshot at the end.
/// </summary>
public sealed class SweepDashboard : IAsyncDisposable
{
    private readonly SnapshotFeed _feed;
    private readonly DashboardServer _server;
    private ISnapshotSource? _source;

    private SweepDashboard(SnapshotFeed feed, DashboardServer server)
    {
        _feed = feed;
        _server = server;
    }

    public DashboardOptions Options => _server.Options;

    /// <summary>The latest snapshot served.</summary>
    public DashboardSnapshot Latest => _feed.Latest;

    /// <exception cref="DashboardStartException">Bad options, or the port cannot be bound.</exception>
    public static async Task<SweepDashboard> StartAsync(DashboardOptions options, string sweep, CancellationToken cancellationToken = default)
    {
        var feed = new SnapshotFeed(sweep);
        try
        {
            return new SweepDashboard(feed, await DashboardServer.StartAsync(options, feed, cancellationToken));
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts showing the sweep that <paramref name="node"/> runs; <paramref name="pace"/> is the estimate the
    /// node's progress lines print.</summary>
    public void Attach(SweepNode node, SweepConfig config, SweepPace pace)
    {
        _source = new SweepSnapshotSource(node, config, pace);
        _feed.Attach(_source);
    }

    /// <summary>Takes a snapshot now (after the sweep ended, so the page shows the final state while the node stops).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default) =>
        _source is null ? Task.CompletedTask : _feed.RefreshAsync(_source, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _feed.DisposeAsync();
    }
}
