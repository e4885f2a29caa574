namespace ActiveLab.Cluster.Sweeps;

/// <summary>
/// The fixed grid of a sweep, expanded up front: every cell in a deterministic order. Completeness is judged against
/// this list, never against a runtime queue.
/// </summary>
public static class SweepGrid
{
    /// <summary>datasets × methods × models × repeats, in config order.</summary>
    public static IReadOnlyList<SweepCell> Expand(SweepConfig config)
    {
        var cells = new List<SweepCell>();
        foreach (var d in config.Datasets)
            foreach (var m in config.Methods)
                foreach (var model in config.Models)
                    for (int r = 0; r < config.Repeats; r++)
                        cells.Add(new SweepCell(d, m, model, r));
        return cells;
    }
}
