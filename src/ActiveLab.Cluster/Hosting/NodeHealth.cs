namespace ActiveLab.Cluster.Hosting;

/// <summary>Why a node gave up.</summary>
public enum NodeStopKind
{
    /// <summary>Something it depends on (journal, results folder, seed) stayed unavailable past its window; a rerun resumes.</summary>
    Unavailable,

    /// <summary>The node's own setup is wrong (data files differ from the coordinator's, device missing): fix it, then rerun.</summary>
    BadSetup,

    /// <summary>The node's actor system stopped by itself (e.g. the cluster downed this node).</summary>
    SystemStopped,
}

/// <summary>A condition a node cannot recover from, with the one line that says why.</summary>
public sealed record NodeStop(NodeStopKind Kind, string Reason);

/// <summary>
/// The one place where a node's parts (journal watch, results writer, trainer, actor system) report that the node cannot
/// go on. The host waits on <see cref="Stopped"/> next to the sweep's outcome, so a fault ends the process with a clear
/// line instead of leaving it waiting for an outcome that never comes.
/// </summary>
public sealed class NodeHealth
{
    private readonly TaskCompletionSource<NodeStop> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the first stop reported.</summary>
    public Task<NodeStop> Stopped => _stopped.Task;

    /// <summary>Reports a stop; only the first one counts.</summary>
    public void Stop(NodeStopKind kind, string reason) => _stopped.TrySetResult(new NodeStop(kind, reason));
}
