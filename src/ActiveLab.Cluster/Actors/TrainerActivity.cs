namespace ActiveLab.Cluster.Actors;

/// <summary>
/// What the coordinator knows about each trainer beyond its leases: the node it named, when it was last heard from and
/// how many jobs it finished. Kept after a trainer leaves, so the dashboard still counts its jobs. A plain class, tested
/// without actors (like <see cref="JobBoard{TOwner,TWorker}"/>).
/// </summary>
public sealed class TrainerActivity<TWorker> where TWorker : notnull
{
    private sealed class Entry
    {
        public string Node = "";
        public DateTime LastSeenUtc;
        public long JobsDone;
        public long JobsFailed;
    }

    private readonly Dictionary<TWorker, Entry> _entries = new();

    /// <summary>The trainer was heard from at <paramref name="utcNow"/>; <paramref name="node"/> when the message names it.</summary>
    public void Seen(TWorker worker, string? node, DateTime utcNow)
    {
        var e = EntryOf(worker);
        if (!string.IsNullOrEmpty(node)) e.Node = node;
        if (utcNow > e.LastSeenUtc) e.LastSeenUtc = utcNow;
    }

    /// <summary>A result of the trainer was accepted.</summary>
    public void Completed(TWorker worker, DateTime utcNow)
    {
        var e = EntryOf(worker);
        e.JobsDone++;
        if (utcNow > e.LastSeenUtc) e.LastSeenUtc = utcNow;
    }

    /// <summary>A job attempt of the trainer threw.</summary>
    public void Failed(TWorker worker, DateTime utcNow)
    {
        var e = EntryOf(worker);
        e.JobsFailed++;
        if (utcNow > e.LastSeenUtc) e.LastSeenUtc = utcNow;
    }

    /// <summary>Every trainer ever heard from: (worker, node, last seen, jobs done, job attempts failed).</summary>
    public IEnumerable<(TWorker Worker, string Node, DateTime LastSeenUtc, long JobsDone, long JobsFailed)> All() =>
        _entries.Select(kv => (kv.Key, kv.Value.Node, kv.Value.LastSeenUtc, kv.Value.JobsDone, kv.Value.JobsFailed));

    private Entry EntryOf(TWorker worker)
    {
        if (!_entries.TryGetValue(worker, out var e)) _entries[worker] = e = new Entry();
        return e;
    }
}
