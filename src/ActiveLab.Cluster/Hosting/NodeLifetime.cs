using Microsoft.Extensions.Hosting;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// The generic host's lifetime for a node: none of its own. The default (console) lifetime would stop the host on
/// SIGTERM / Ctrl-C, racing the CLI's handling of those signals (drain the trainer, hand leases back, exit code 3);
/// the CLI owns signals (<c>ShutdownSignals</c>) and disposes the node when it is done.
/// </summary>
internal sealed class NodeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
