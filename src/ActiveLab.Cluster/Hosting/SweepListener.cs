using Akka.Actor;
using ActiveLab.Cluster.Protocol;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// Receives the coordinator's notifications in the host process and turns them into a task (completed or refused) and
/// a progress callback for the live display.
/// </summary>
public sealed class SweepListener : ReceiveActor
{
    public SweepListener(TaskCompletionSource<object> outcome, Action<SweepStatus>? onProgress)
    {
        Receive<SweepProgressChanged>(p => onProgress?.Invoke(p.Status));
        Receive<SweepCompleted>(c => { onProgress?.Invoke(c.Status); outcome.TrySetResult(c); });
        Receive<SweepRefused>(r => outcome.TrySetResult(r));
    }

    public static Props Props(TaskCompletionSource<object> outcome, Action<SweepStatus>? onProgress) =>
        Akka.Actor.Props.Create(() => new SweepListener(outcome, onProgress));
}
