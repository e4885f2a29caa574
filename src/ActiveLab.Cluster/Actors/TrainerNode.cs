using System.Collections.Concurrent;
using Akka.Actor;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// A trainer node's actor: tells the coordinator how many jobs it runs at a time (its slots), runs each assigned job
/// on one of its slot threads (<see cref="TrainingJobExecutor"/>), renews the leases of its jobs with a heartbeat,
/// and reports results. The coordinator never leases it more jobs than slots; an assignment that still arrives while
/// every slot is busy (e.g. after a coordinator restart) waits in the queue.
/// </summary>
public sealed class TrainerNode : ReceiveActor, IWithTimers
{
    private sealed record Heartbeat;
    private sealed record Finished(WorkAssignment Assignment, TrainingJobOutput? Output, string? Error);

    private readonly IActorRef _coordinator;
    private readonly TrainingJobExecutor _executor;
    private readonly int _slots;
    private readonly TimeSpan _heartbeat;
    private readonly Dictionary<string, WorkAssignment> _held = new();
    private readonly BlockingCollection<WorkAssignment> _queue = new();

    public TrainerNode(IActorRef coordinator, TrainingJobExecutor executor, int slots, TimeSpan heartbeat)
    {
        _coordinator = coordinator;
        _executor = executor;
        _slots = slots;
        _heartbeat = heartbeat;

        Receive<WorkAssignment>(a =>
        {
            if (!_held.TryAdd(a.Job.JobId, a)) return;
            _queue.Add(a);
        });
        Receive<Finished>(f =>
        {
            _held.Remove(f.Assignment.Job.JobId);
            if (f.Output is not null) _coordinator.Tell(new JobSucceeded(f.Assignment.Job.JobId, f.Assignment.LeaseId, f.Output));
            else _coordinator.Tell(new JobFailed(f.Assignment.Job.JobId, f.Assignment.LeaseId, f.Error ?? "unknown error", _executor.Node));
            AskForWork();
        });
        Receive<Heartbeat>(_ =>
        {
            if (_held.Count > 0)
                _coordinator.Tell(new RenewLeases(_held.Keys.ToArray(), _held.Values.Select(a => a.LeaseId).ToArray()));
            AskForWork();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, TrainingJobExecutor executor, int slots, TimeSpan heartbeat) =>
        Akka.Actor.Props.Create(() => new TrainerNode(coordinator, executor, slots, heartbeat));

    protected override void PreStart()
    {
        var self = Self;
        for (int i = 0; i < _slots; i++)
            new Thread(() => RunSlot(self)) { IsBackground = true, Name = $"activelab-slot-{i}" }.Start();
        Timers.StartPeriodicTimer("heartbeat", new Heartbeat(), _heartbeat);
        AskForWork();
    }

    protected override void PostStop() => _queue.CompleteAdding();

    /// <summary>One slot: runs queued jobs one after another until the actor stops.</summary>
    private void RunSlot(IActorRef self)
    {
        foreach (var a in _queue.GetConsumingEnumerable())
        {
            Finished done;
            try
            {
                done = new Finished(a, _executor.Execute(a.Job), null);
            }
            catch (Exception e)
            {
                done = new Finished(a, null, $"{e.GetType().Name}: {e.Message}");
            }
            self.Tell(done);
        }
    }

    /// <summary>Tells the coordinator this node's slot count (idempotent; it subtracts the leases we hold).</summary>
    private void AskForWork() => _coordinator.Tell(new RequestWork(_slots, _executor.Node));
}
