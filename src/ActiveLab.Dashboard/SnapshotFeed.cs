namespace ActiveLab.Dashboard;

/// <summary>
/// Takes a snapshot every <see cref="Interval"/> on a background loop and keeps the latest; every HTTP request reads
/// that one. However many browsers watch, the sweep is asked once per interval. A failed read keeps the previous
/// snapshot. The source is attached once the node is up (the web server starts first, so a taken port fails early).
/// </summary>
public sealed class SnapshotFeed : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile DashboardSnapshot _latest;
    private Task _loop = Task.CompletedTask;

    public SnapshotFeed(string sweep) => _latest = DashboardSnapshot.Starting(sweep, DateTime.UtcNow);

    /// <summary>The latest snapshot.</summary>
    public DashboardSnapshot Latest => _latest;

    /// <summary>Starts reading <paramref name="source"/> (once).</summary>
    public void Attach(ISnapshotSource source)
    {
        if (!_loop.IsCompleted) throw new InvalidOperationException("the feed already has a source");
        _loop = Task.Run(() => LoopAsync(source, _stop.Token));
    }

    /// <summary>Takes one snapshot now (the final state before the node stops, so the page shows the end).</summary>
    public async Task RefreshAsync(ISnapshotSource source, CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            _latest = await source.ReadAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Keep the previous snapshot.
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task LoopAsync(ISnapshotSource source, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            await RefreshAsync(source, stop);
        } while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _reading.Dispose();
    }
}
