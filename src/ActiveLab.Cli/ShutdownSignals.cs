using System.Runtime.InteropServices;

namespace ActiveLab.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (docker stop, systemd, Kubernetes) both ask for a graceful stop: the first one cancels
/// <see cref="Token"/> and keeps the process alive so the command can hand back leases, leave the cluster and exit 3;
/// a second one is not intercepted, so the process ends at once.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public ShutdownSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The first signal received ("SIGTERM", "SIGINT"), once one was.</summary>
    public string? Signal { get; private set; }

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1) return; // second signal: default action, the process ends
        context.Cancel = true;
        Signal = context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";
        _cts.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
