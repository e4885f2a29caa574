namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// Tracks one dependency of a node (the journal, the results folder): failures and successes are reported as they
/// happen; when it has failed without a single success for longer than <paramref name="window"/>, the node is stopped
/// with <see cref="NodeStopKind.Unavailable"/> and the last error. Outages shorter than the window (a database restart)
/// are ridden out by the callers' retries. Thread-safe.
/// <para>
/// Reads and writes are told apart: a successful read (a recovery) ends an outage only if no write has failed, since
/// a full disk still serves reads; only a successful write ends a write outage.
/// </para>
/// </summary>
public sealed class OutageWatch(string what, TimeSpan window, NodeHealth health, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly object _gate = new();
    private DateTimeOffset? _failingSince;
    private bool _writeFailed;
    private string _lastError = "";

    public string What { get; } = what;
    public TimeSpan Window { get; } = window;

    /// <summary>Since when the dependency has been failing (null when healthy).</summary>
    public DateTimeOffset? FailingSince
    {
        get { lock (_gate) return _failingSince; }
    }

    /// <summary>A read or write failed.</summary>
    public void Failed(string error, bool write = true)
    {
        lock (_gate)
        {
            _failingSince ??= _time.GetUtcNow();
            _writeFailed |= write;
            _lastError = error;
        }
        Check();
    }

    /// <summary>A write (or, with <paramref name="write"/> false, a read) succeeded.</summary>
    public void Succeeded(bool write = true)
    {
        lock (_gate)
        {
            if (!write && _writeFailed) return;
            _failingSince = null;
            _writeFailed = false;
        }
    }

    /// <summary>Stops the node when the outage has outlasted the window (called on every failure and periodically).</summary>
    public void Check()
    {
        string? reason = null;
        lock (_gate)
        {
            if (_failingSince is { } since && _time.GetUtcNow() - since >= Window)
                reason = $"{What} has been unavailable for {Format(_time.GetUtcNow() - since)} (limit {Format(Window)}): {_lastError}";
        }
        if (reason is not null) health.Stop(NodeStopKind.Unavailable, reason);
    }

    private static string Format(TimeSpan t) => t.TotalSeconds < 120 ? $"{t.TotalSeconds:0} s" : $"{t.TotalMinutes:0.#} min";
}
