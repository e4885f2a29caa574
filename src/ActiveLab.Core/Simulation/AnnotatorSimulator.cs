using ActiveLab.Core.Randomness;

namespace ActiveLab.Core.Simulation;

/// <summary>
/// The annotator simulator of the round loop (spec §2.7, §7 item 7; the benchmark's <c>add_new_annotator</c>).
/// </summary>
public static class AnnotatorSimulator
{
    /// <summary>
    /// Collects one new annotation for each row in <paramref name="rows"/>: the label is drawn uniformly at random among
    /// all labels of that row's pool (with replacement across rounds — nothing records which pool entry was used, there
    /// is no exhaustion, and on CIFAR the pool contains the visible labels too, so an annotation can repeat an existing
    /// one). All labels of the round go into <b>one new column</b> of A (index = <see cref="LabelMatrix.Columns"/>),
    /// missing for the rows not annotated; this pseudo-annotator is an ordinary annotator from then on, so M grows by
    /// exactly 1 per call (also when <paramref name="rows"/> is empty).
    /// <para>Draws: one <see cref="Rng.NextInt"/> per requested row, in the order of <paramref name="rows"/>.</para>
    /// </summary>
    /// <param name="current">The current N×M label matrix A of the labeled set L.</param>
    /// <param name="pool">The complete pools aligned to A's rows (<see cref="LabelPool.Rows"/> = N).</param>
    /// <param name="rows">Distinct rows of A to annotate (0..N−1); re-labels and newly added rows alike.</param>
    /// <param name="rng">The random stream.</param>
    /// <exception cref="ActiveLabInputException">Misaligned pool, a row out of range or repeated, or a requested row with an empty pool.</exception>
    public static AnnotationRound AddAnnotator(LabelMatrix current, LabelPool pool, ReadOnlySpan<int> rows, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(rng);
        if (pool.Rows != current.Rows)
            throw new ActiveLabInputException(
                $"the pool has {pool.Rows} rows but the label matrix has {current.Rows}; pools must be aligned to the labeled rows", "pool");

        var seen = new bool[current.Rows];
        for (int r = 0; r < rows.Length; r++)
        {
            int row = rows[r];
            if ((uint)row >= (uint)current.Rows)
                throw new ActiveLabInputException($"row {row} to annotate is outside 0..{current.Rows - 1}", "rows", row);
            if (seen[row])
                throw new ActiveLabInputException($"row {row} is requested twice in one round", "rows", row);
            seen[row] = true;
            if (pool.CountInRow(row) == 0)
                throw new ActiveLabInputException($"row {row} has no labels in its pool to draw from", "pool", row);
        }

        var drawn = new (int Row, int Label)[rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            var available = pool.LabelsOfRow(rows[r]);
            drawn[r] = (rows[r], available[rng.NextInt(available.Length)]);
        }
        return new AnnotationRound(current.WithAppendedColumn(drawn), drawn);
    }

    /// <summary>
    /// Same as <see cref="AddAnnotator(LabelMatrix, LabelPool, ReadOnlySpan{int}, Rng)"/> with the pool given as a label
    /// matrix aligned to A's rows (e.g. the complete synthetic n×30 pool); each pool row is its non-missing labels.
    /// </summary>
    public static AnnotationRound AddAnnotator(LabelMatrix current, LabelMatrix pool, ReadOnlySpan<int> rows, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return AddAnnotator(current, LabelPool.FromLabelMatrix(pool), rows, rng);
    }
}
