using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Protocol;

// The work-pulling protocol between the coordinator and trainer nodes. Trainers ask for as many jobs as they have
// free slots; each job carries a lease the trainer renews while it works; a result counts only under its current lease.

/// <summary>A message of this protocol that crosses the network: all are written by <see cref="WorkSerializer"/>, bound
/// once to this interface (<c>NodeWiring</c>).</summary>
public interface IWorkMessage;

/// <summary>
/// Trainer → coordinator: "I run <paramref name="Slots"/> jobs at a time". Idempotent (sent at start, after each job
/// and with heartbeats); the coordinator gives the trainer Slots minus the leases it already holds, so assignments
/// still in flight are never double-counted.
/// </summary>
public sealed record RequestWork(int Slots, string Node) : IWorkMessage;

/// <summary>Coordinator → trainer: one job under lease <paramref name="LeaseId"/>.</summary>
public sealed record WorkAssignment(TrainingJob Job, long LeaseId) : IWorkMessage;

/// <summary>Trainer → coordinator: still working on these jobs (heartbeat).</summary>
public sealed record RenewLeases(string[] JobIds, long[] LeaseIds) : IWorkMessage;

/// <summary>Trainer → coordinator: the job finished.</summary>
public sealed record JobSucceeded(string JobId, long LeaseId, TrainingJobOutput Output) : IWorkMessage;

/// <summary>Trainer → coordinator: the job threw.</summary>
public sealed record JobFailed(string JobId, long LeaseId, string Error, string Node) : IWorkMessage;

/// <summary>Trainer → coordinator: hand these leases back now (the node is stopping); the jobs go back to the queue
/// without counting as an attempt. Answered with <see cref="LeasesReturned"/>.</summary>
public sealed record ReturnLeases(string[] JobIds, long[] LeaseIds, string Reason) : IWorkMessage;

/// <summary>Coordinator → trainer: <paramref name="Count"/> leases were taken back.</summary>
public sealed record LeasesReturned(int Count) : IWorkMessage;

/// <summary>Coordinator → trainers: the sweep is complete; worker nodes may exit.</summary>
public sealed record SweepFinished(string Sweep) : IWorkMessage;

/// <summary>Host → its trainer: stop taking jobs and return the leases held (graceful shutdown). Answered with
/// <see cref="TrainerDrained"/> once the coordinator confirmed, or when it could not be reached.</summary>
public sealed record DrainTrainer;

/// <summary>Trainer → host: drained.</summary>
public sealed record TrainerDrained(int Returned);
