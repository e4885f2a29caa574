namespace ActiveLab.Core.Simulation;

/// <summary>
/// Result of one simulated annotation round (<see cref="AnnotatorSimulator.AddAnnotator(LabelMatrix, LabelPool, ReadOnlySpan{int}, Randomness.Rng)"/>).
/// </summary>
/// <param name="Labels">The new N×(M+1) label matrix: the input matrix plus one pseudo-annotator column.</param>
/// <param name="Drawn">The drawn (row, label) pairs, in the order of the requested rows (one per requested row).</param>
public sealed record AnnotationRound(LabelMatrix Labels, IReadOnlyList<(int Row, int Label)> Drawn)
{
    /// <summary>Index of the new pseudo-annotator column (= the input's column count, i.e. max column id + 1).</summary>
    public int NewColumn => Labels.Columns - 1;
}
