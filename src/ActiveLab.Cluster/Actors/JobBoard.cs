using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// The coordinator's job bookkeeping, free of Akka so its rules are tested directly: a FIFO of pending jobs, leases
/// with deadlines, failures per job. Two kinds of trouble are told apart: a job that <em>threw</em> counts a failure,
/// and after <c>maxAttempts</c> failures the job gives up with its last error; a lease that ended because of the
/// infrastructure (not renewed before its deadline, the worker lost, the lease handed back by a stopping node) sends
/// the job back to the front of the queue and is only counted as an interruption, so a flaky cluster never exhausts a
/// cell. A result is accepted only under the job's current lease, so exactly one result per job id is ever recorded.
/// </summary>
/// <typeparam name="TOwner">Who gets the result (the cell).</typeparam>
/// <typeparam name="TWorker">Who holds a lease (the trainer).</typeparam>
public sealed class JobBoard<TOwner, TWorker>(int maxAttempts) where TWorker : notnull where TOwner : notnull
{
    private sealed class Entry(TrainingJob job, TOwner owner)
    {
        public TrainingJob Job { get; } = job;
        public TOwner Owner { get; } = owner;
        public int Failures { get; set; }
        public long LeaseId { get; set; }
        public TWorker? Worker { get; set; }
        public DateTime Deadline { get; set; }
        public string LastError { get; set; } = "";
    }

    private readonly Dictionary<string, Entry> _jobs = new();
    private readonly Dictionary<TOwner, HashSet<string>> _byOwner = new();
    private readonly Dictionary<TWorker, int> _leasesByWorker = new();
    private readonly LinkedList<string> _pending = new();
    private readonly Dictionary<string, LinkedListNode<string>> _pendingNodes = new();

    public int Pending => _pending.Count;
    public int Leased => _jobs.Count - _pending.Count;
    public long Completed { get; private set; }

    /// <summary>Leases that ended without a result because of the infrastructure (expired, worker lost, handed back).</summary>
    public long Interruptions { get; private set; }

    /// <summary>How many jobs <paramref name="worker"/> holds under a current lease (running, queued or in flight to it).</summary>
    public int LeasedTo(TWorker worker) => _leasesByWorker.GetValueOrDefault(worker);

    /// <summary>Adds jobs (a job id already on the board is ignored: re-submission after recovery is harmless).</summary>
    public void Add(IEnumerable<TrainingJob> jobs, TOwner owner)
    {
        foreach (var job in jobs)
        {
            if (_jobs.ContainsKey(job.JobId)) continue;
            _jobs[job.JobId] = new Entry(job, owner);
            if (!_byOwner.TryGetValue(owner, out var ids)) _byOwner[owner] = ids = new HashSet<string>();
            ids.Add(job.JobId);
            _pendingNodes[job.JobId] = _pending.AddLast(job.JobId);
        }
    }

    /// <summary>Leases the oldest pending job to <paramref name="worker"/> until <paramref name="deadline"/>.</summary>
    public (TrainingJob Job, long LeaseId)? LeaseNext(TWorker worker, DateTime deadline)
    {
        var first = _pending.First;
        if (first is null) return null;
        _pending.RemoveFirst();
        _pendingNodes.Remove(first.Value);
        var e = _jobs[first.Value];
        e.LeaseId = NewLeaseId();
        e.Worker = worker;
        _leasesByWorker[worker] = LeasedTo(worker) + 1;
        e.Deadline = deadline;
        return (e.Job, e.LeaseId);
    }

    /// <summary>Extends a lease; false when the lease is no longer current or <paramref name="from"/> does not hold it.</summary>
    public bool Renew(string jobId, long leaseId, TWorker from, DateTime deadline)
    {
        if (!Holds(jobId, leaseId, from, out var e)) return false;
        e.Deadline = deadline;
        return true;
    }

    /// <summary>Records a result; returns the owner, or nothing when the lease moved or <paramref name="from"/> does not hold it (the result is ignored).</summary>
    public (bool Accepted, TOwner? Owner) Complete(string jobId, long leaseId, TWorker from)
    {
        if (!Holds(jobId, leaseId, from, out var e)) return (false, default);
        Unlease(e.Worker!);
        Forget(e);
        Completed++;
        return (true, e.Owner);
    }

    /// <summary>The job threw under its current lease: a failure; back to pending, or gave up after the last attempt.</summary>
    public GaveUp? Fail(string jobId, long leaseId, TWorker from, string error)
    {
        if (!Holds(jobId, leaseId, from, out var e)) return null;
        e.Failures++;
        e.LastError = error;
        Unlease(e.Worker!);
        e.Worker = default;
        e.LeaseId = 0;
        if (e.Failures >= maxAttempts)
        {
            Forget(e);
            return new GaveUp(e.Job, e.Owner, error, e.Failures);
        }
        _pendingNodes[e.Job.JobId] = _pending.AddFirst(e.Job.JobId);
        return null;
    }

    /// <summary>Every lease past its deadline goes back to the queue (an interruption, not a failure); returns how many.</summary>
    public int Expire(DateTime now)
    {
        var expired = _jobs.Values.Where(e => e.Worker is not null && e.Deadline <= now).ToList();
        foreach (var e in expired) Interrupt(e);
        return expired.Count;
    }

    /// <summary>A worker is gone: all its leases go back to the queue (interruptions); returns how many.</summary>
    public int ReleaseWorker(TWorker worker)
    {
        var held = _jobs.Values.Where(e => e.Worker is not null && EqualityComparer<TWorker>.Default.Equals(e.Worker, worker)).ToList();
        foreach (var e in held) Interrupt(e);
        return held.Count;
    }

    /// <summary>A worker hands a lease back (it is stopping): the job goes back to the queue at once; false when the
    /// lease is no longer current.</summary>
    public bool Return(string jobId, long leaseId, TWorker from)
    {
        if (!Holds(jobId, leaseId, from, out var e)) return false;
        Interrupt(e);
        return true;
    }

    /// <summary>Drops every job of <paramref name="owner"/> (a cell that failed or finished).</summary>
    public void RemoveOwner(TOwner owner)
    {
        if (!_byOwner.Remove(owner, out var ids)) return;
        foreach (var id in ids)
        {
            if (_jobs.TryGetValue(id, out var e) && e.Worker is not null) Unlease(e.Worker);
            _jobs.Remove(id);
            if (_pendingNodes.Remove(id, out var node)) _pending.Remove(node);
        }
    }

    private void Forget(Entry e)
    {
        _jobs.Remove(e.Job.JobId);
        if (_byOwner.TryGetValue(e.Owner, out var ids) && ids.Remove(e.Job.JobId) && ids.Count == 0) _byOwner.Remove(e.Owner);
    }

    /// <summary>A job that failed on its last attempt.</summary>
    public sealed record GaveUp(TrainingJob Job, TOwner Owner, string Error, int Attempts);

    private void Unlease(TWorker worker)
    {
        int n = LeasedTo(worker) - 1;
        if (n > 0) _leasesByWorker[worker] = n;
        else _leasesByWorker.Remove(worker);
    }

    /// <summary>The job under this lease, if <paramref name="from"/> holds it.</summary>
    public TrainingJob? LeasedJob(string jobId, long leaseId, TWorker from) => Holds(jobId, leaseId, from, out var e) ? e.Job : null;

    /// <summary>Only the worker a lease was given to may renew it, report its result or hand it back (a node cannot
    /// act on another node's job even if it learns the ids).</summary>
    private bool Holds(string jobId, long leaseId, TWorker from, out Entry e)
    {
        if (!_jobs.TryGetValue(jobId, out e!) || e.LeaseId != leaseId || e.Worker is null) return false;
        return EqualityComparer<TWorker>.Default.Equals(e.Worker, from);
    }

    /// <summary>Lease ids are random (not a counter), so a node cannot guess another node's lease.</summary>
    private static long NewLeaseId()
    {
        Span<byte> bytes = stackalloc byte[8];
        long id;
        do
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
            id = BitConverter.ToInt64(bytes) & long.MaxValue;
        } while (id == 0);
        return id;
    }

    private void Interrupt(Entry e)
    {
        if (e.Worker is not null) Unlease(e.Worker);
        e.Worker = default;
        e.LeaseId = 0;
        Interruptions++;
        _pendingNodes[e.Job.JobId] = _pending.AddFirst(e.Job.JobId);
    }
}
