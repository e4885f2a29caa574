using Akka.Actor;
using Akka.Event;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// A trainer node's actor: tells the coordinator how many jobs it runs at a time (its slots), runs each assigned job
/// on one of its slot threads (<see cref="TrainingJobExecutor"/>), renews the leases of its jobs with a heartbeat,
/// and reports results. The coordinator never leases it more jobs than it asks for; an assignment that still arrives
/// while every slot is busy (e.g. after a coordinator restart) waits in the queue.
/// <para>
/// Batching (<see cref="TrainerBatching.MaxBatch"/> &gt; 1, the default on CUDA devices): the node asks for slots × max-batch
/// jobs, and a slot trains up to max-batch queued jobs of one model as one stacked fit
/// (<see cref="TrainingJobExecutor.ExecuteMany"/>) when that model stacks its fits (<see cref="TrainingJobExecutor.Batches"/>:
/// mlp-torch, resnet18-head); other models' jobs go one per slot. Each job is still leased, renewed, reported and failed
/// on its own.
/// </para>
/// <para>
/// Stopping: on <see cref="DrainTrainer"/> (the host got SIGTERM) it takes no more jobs and hands every lease back at
/// once. A job that fails because of this node's own setup (<see cref="NodeSetupException"/>) is handed back too, and
/// the node is stopped through <see cref="NodeWatch"/> with the reason, rather than failing job after job.
/// </para>
/// </summary>
public sealed class TrainerNode : ReceiveActor, IWithTimers
{
    private sealed record Heartbeat;
    private sealed record Finished(WorkAssignment Assignment, TrainingJobOutput? Output, string? Error, bool SetupError);
    private sealed record DrainTimedOut;

    private readonly IActorRef _coordinator;
    private readonly TrainingJobExecutor _executor;
    private readonly int _slots;
    private readonly TrainerBatching _batching;
    private readonly TimeSpan _heartbeat;
    private readonly Dictionary<string, WorkAssignment> _held = new();
    private readonly AssignmentQueue _queue = new();

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _draining;
    private IActorRef? _drainRequester;

    /// <param name="batching">Null: one job at a time (<see cref="TrainerBatching.Off"/>).</param>
    public TrainerNode(IActorRef coordinator, TrainingJobExecutor executor, int slots, TimeSpan heartbeat, TrainerBatching? batching = null)
    {
        batching ??= TrainerBatching.Off;
        if (TrainerBatching.Problem(batching.MaxBatch, batching.FillWait) is { } problem) throw new ArgumentOutOfRangeException(nameof(batching), batching, problem);
        _coordinator = coordinator;
        _executor = executor;
        _slots = slots;
        _batching = batching;
        _heartbeat = heartbeat;

        Receive<WorkAssignment>(a =>
        {
            if (_draining)
            {
                _coordinator.Tell(new ReturnLeases([a.Job.JobId], [a.LeaseId], $"node {_executor.Node} is stopping"));
                return;
            }
            if (!_held.TryAdd(a.Job.JobId, a)) return;
            _queue.Add(a);
        });
        Receive<Finished>(f =>
        {
            if (!_held.Remove(f.Assignment.Job.JobId)) return; // handed back while it ran
            if (f.SetupError)
            {
                _log.Error("this node cannot train: {0}", f.Error);
                _held[f.Assignment.Job.JobId] = f.Assignment; // handed back with the others
                Drain($"node {_executor.Node} cannot train: {f.Error}");
                NodeWatch.Get(Context.System).Health.Stop(NodeStopKind.BadSetup, f.Error!);
                return;
            }
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
        Receive<DrainTrainer>(_ =>
        {
            _drainRequester = Sender;
            Drain($"node {_executor.Node} is stopping");
        });
        Receive<LeasesReturned>(r => Drained(r.Count));
        Receive<DrainTimedOut>(_ => Drained(0));
        Receive<SweepFinished>(f => Context.System.EventStream.Publish(f));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, TrainingJobExecutor executor, int slots, TimeSpan heartbeat, TrainerBatching? batching = null) =>
        Akka.Actor.Props.Create(() => new TrainerNode(coordinator, executor, slots, heartbeat, batching));

    protected override void PreStart()
    {
        var self = Self;
        for (int i = 0; i < _slots; i++)
            new Thread(() => RunSlot(self)) { IsBackground = true, Name = $"activelab-slot-{i}" }.Start();
        Timers.StartPeriodicTimer("heartbeat", new Heartbeat(), _heartbeat);
        AskForWork();
    }

    protected override void PostStop() => _queue.Complete();

    /// <summary>Takes no more jobs and hands back every lease held (queued and running jobs; late results are dropped).</summary>
    private void Drain(string reason)
    {
        if (_draining)
        {
            if (_drainRequester is not null && _held.Count == 0) Drained(0);
            return;
        }
        _draining = true;
        Timers.Cancel("heartbeat");
        _queue.Clear();
        var held = _held.Values.ToArray();
        _held.Clear();
        _coordinator.Tell(new ReturnLeases(held.Select(a => a.Job.JobId).ToArray(), held.Select(a => a.LeaseId).ToArray(), reason));
        Timers.StartSingleTimer("drain", new DrainTimedOut(), TimeSpan.FromSeconds(5));
    }

    private void Drained(int count)
    {
        Timers.Cancel("drain");
        _drainRequester?.Tell(new TrainerDrained(count));
        _drainRequester = null;
    }

    /// <summary>One slot: runs queued jobs (one at a time, or in batches) until the actor stops.</summary>
    private void RunSlot(IActorRef self)
    {
        Func<WorkAssignment, int> maxBatchFor = a => _executor.Batches(a.Job) ? _batching.MaxBatch : 1;
        while (_queue.TakeBatch(maxBatchFor, _batching.FillWait) is { } batch)
        {
            // ExecuteMany runs a batch of one as a plain Execute and turns every exception into its job's result.
            var results = _executor.ExecuteMany([.. batch.Select(a => a.Job)]);
            for (int i = 0; i < batch.Count; i++) self.Tell(new Finished(batch[i], results[i].Output, results[i].Error, results[i].SetupError));
        }
    }

    /// <summary>Tells the coordinator how many jobs this node takes at a time, slots × batch (idempotent; it subtracts
    /// the leases we hold).</summary>
    private void AskForWork()
    {
        if (!_draining) _coordinator.Tell(new RequestWork(_slots * _batching.MaxBatch, _executor.Node));
    }
}
