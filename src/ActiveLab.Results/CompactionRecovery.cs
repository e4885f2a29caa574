namespace ActiveLab.Results;

/// <summary>What <see cref="ResultCompactor.RecoverInterruptedCompaction"/> found and did.</summary>
/// <param name="RolledForward">
/// True when a committed compaction (an intent file <c>.compaction-commit.json</c>) was found and finished: its temp
/// files renamed over <c>rounds.parquet</c> / <c>labels.parquet</c> and the intent deleted.
/// </param>
/// <param name="DeletedTempFiles">Full paths of uncommitted compaction temp files that were deleted.</param>
public sealed record CompactionRecovery(bool RolledForward, IReadOnlyList<string> DeletedTempFiles);
