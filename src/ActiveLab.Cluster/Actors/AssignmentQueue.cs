using System.Diagnostics;
using ActiveLab.Cluster.Protocol;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// A trainer node's assigned jobs waiting for a slot. A slot takes one job, or a batch: the oldest job plus up to
/// <c>max − 1</c> more of the same model, trainer and dataset (one stacked fit), waiting a short while for them to
/// arrive — within a round all folds of all cells are assigned together, so batches fill without waiting long.
/// Thread-safe: the actor adds and clears, the slot threads take.
/// </summary>
internal sealed class AssignmentQueue
{
    private readonly LinkedList<WorkAssignment> _items = new();
    private bool _completed;

    public void Add(WorkAssignment assignment)
    {
        lock (_items)
        {
            _items.AddLast(assignment);
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>Drops every waiting job (the node hands their leases back).</summary>
    public void Clear()
    {
        lock (_items) _items.Clear();
    }

    /// <summary>No more jobs: slots waiting in <see cref="TakeBatch"/> get null.</summary>
    public void Complete()
    {
        lock (_items)
        {
            _completed = true;
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>Blocks for the oldest job, then gathers compatible ones (at most <paramref name="maxFor"/>(oldest) in all,
    /// waiting at most <paramref name="fillWait"/> for more); null once completed.</summary>
    public List<WorkAssignment>? TakeBatch(Func<WorkAssignment, int> maxFor, TimeSpan fillWait)
    {
        lock (_items)
        {
            while (_items.Count == 0 && !_completed) Monitor.Wait(_items);
            if (_items.Count == 0) return null;
            var first = _items.First!.Value;
            _items.RemoveFirst();
            int max = maxFor(first);
            var batch = new List<WorkAssignment> { first };
            var waited = Stopwatch.StartNew();
            while (batch.Count < max)
            {
                for (var node = _items.First; node is not null && batch.Count < max;)
                {
                    var next = node.Next;
                    if (Compatible(first, node.Value))
                    {
                        batch.Add(node.Value);
                        _items.Remove(node);
                    }
                    node = next;
                }
                var left = fillWait - waited.Elapsed;
                if (batch.Count >= max || _completed || left <= TimeSpan.Zero) break;
                Monitor.Wait(_items, left);
            }
            return batch;
        }
    }

    private static bool Compatible(WorkAssignment a, WorkAssignment b) =>
        a.Job.Model == b.Job.Model && a.Job.Trainer == b.Job.Trainer && a.Job.Cell.Dataset == b.Job.Cell.Dataset;
}
