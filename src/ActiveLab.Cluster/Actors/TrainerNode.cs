using Akka.Actor;
using Akka.Event;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// A trainer node's actor: pulls as many jobs as it has slots from the coordinator, runs each on a worker thread
/// (<see cref="TrainingJobExecutor"/>), renews the leases of running jobs with a heartbeat, and reports results.
/// Extra assignments (possible after it re-asks a restarted coordinator) wait in a local queue.
/// </summary>
public sealed class TrainerNode : ReceiveActor, IWithTimers
{
    private sealed record Heartbeat;
    private sealed record Finished(WorkAssignment Assignment, TrainingJobOutput? Output, string? Error);

    private readonly IActorRef _coordinator;
    private readonly TrainingJobExecutor _executor;
    private readonly int _slots;
    private readonly TimeSpan _heartbeat;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, WorkAssignment> _running = new();
    private readonly Queue<WorkAssignment> _waiting = new();

    public TrainerNode(IActorRef coordinator, TrainingJobExecutor executor, int slots, TimeSpan heartbeat)
    {
        _coordinator = coordinator;
        _executor = executor;
        _slots = slots;
        _heartbeat = heartbeat;

        Receive<WorkAssignment>(a =>
        {
            if (_running.ContainsKey(a.Job.JobId) || _waiting.Any(w => w.Job.JobId == a.Job.JobId)) return;
            _waiting.Enqueue(a);
            StartWaiting();
        });
        Receive<Finished>(f =>
        {
            _running.Remove(f.Assignment.Job.JobId);
            if (f.Output is not null) _coordinator.Tell(new JobSucceeded(f.Assignment.Job.JobId, f.Assignment.LeaseId, f.Output));
            else _coordinator.Tell(new JobFailed(f.Assignment.Job.JobId, f.Assignment.LeaseId, f.Error ?? "unknown error", _executor.Node));
            StartWaiting();
            AskForWork();
        });
        Receive<Heartbeat>(_ =>
        {
            var leases = _running.Values.Concat(_waiting).ToArray();
            if (leases.Length > 0)
                _coordinator.Tell(new RenewLeases(leases.Select(a => a.Job.JobId).ToArray(), leases.Select(a => a.LeaseId).ToArray()));
            AskForWork();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, TrainingJobExecutor executor, int slots, TimeSpan heartbeat) =>
        Akka.Actor.Props.Create(() => new TrainerNode(coordinator, executor, slots, heartbeat));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("heartbeat", new Heartbeat(), _heartbeat);
        AskForWork();
    }

    private int FreeSlots => _slots - _running.Count - _waiting.Count;

    /// <summary>Tells the coordinator how many more jobs fit (idempotent: it replaces the previous demand).</summary>
    private void AskForWork() => _coordinator.Tell(new RequestWork(Math.Max(0, FreeSlots), _executor.Node));

    private void StartWaiting()
    {
        while (_running.Count < _slots && _waiting.Count > 0)
        {
            var a = _waiting.Dequeue();
            _running[a.Job.JobId] = a;
            var self = Self;
            Task.Factory.StartNew(() =>
            {
                try
                {
                    return new Finished(a, _executor.Execute(a.Job), null);
                }
                catch (Exception e)
                {
                    return new Finished(a, null, $"{e.GetType().Name}: {e.Message}");
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).PipeTo(self);
        }
    }
}
