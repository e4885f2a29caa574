namespace ActiveLab.Results;

/// <summary>What one compaction did.</summary>
/// <param name="RoundsPath">Full path of the <c>rounds.parquet</c> written.</param>
/// <param name="LabelsPath">Full path of the <c>labels.parquet</c> written.</param>
/// <param name="RoundRows">Rows in <c>rounds.parquet</c> (after de-duplication).</param>
/// <param name="LabelRows">Rows in <c>labels.parquet</c> (after de-duplication).</param>
/// <param name="DuplicateRoundRows">Identical duplicate rounds rows dropped.</param>
/// <param name="DuplicateLabelRows">Identical duplicate labels rows dropped.</param>
/// <param name="PartsRead">Part files read (0 when rows were handed in directly).</param>
/// <param name="SkippedParts">Unreadable parts skipped, each as "path: problem" (only with
/// <see cref="ResultCompactionOptions.SkipUnreadableParts"/>).</param>
public sealed record CompactionResult(
    string RoundsPath,
    string LabelsPath,
    int RoundRows,
    int LabelRows,
    int DuplicateRoundRows,
    int DuplicateLabelRows,
    int PartsRead,
    IReadOnlyList<string> SkippedParts);
