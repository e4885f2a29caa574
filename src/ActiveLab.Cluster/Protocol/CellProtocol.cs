using ActiveLab.Cluster.Training;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Protocol;

/// <summary>Cell → coordinator: queue these jobs for the cell's current round.</summary>
public sealed record SubmitJobs(TrainingJob[] Jobs);

/// <summary>Coordinator → cell: a job of the cell finished (exactly once per job id).</summary>
public sealed record JobCompleted(TrainingJobOutput Output);

/// <summary>Coordinator → cell: a job failed on every attempt; the cell fails with this error.</summary>
public sealed record JobGaveUp(string JobId, string Error, int Attempts);

/// <summary>Where a cell stands.</summary>
public enum CellState { Pending, Running, Done, Failed }

/// <summary>Cell → coordinator: progress after recovery and after every round.</summary>
public sealed record CellProgress(string CellId, CellState State, int RoundsDone, int Rounds, string? Error);

/// <summary>Cell → results writer: one completed round's rows (also re-sent after recovery; the writer de-duplicates).</summary>
public sealed record RoundRecorded(RoundRow Round, LabelRow[] Labels);

/// <summary>Coordinator → results writer: flush and compact the parts into rounds.parquet / labels.parquet.</summary>
public sealed record CompactResults;

/// <summary>Results writer → coordinator: compaction finished (or failed with <paramref name="Error"/>).</summary>
public sealed record ResultsCompacted(int Rounds, int Labels, string? Error);

/// <summary>Cell → coordinator: the cell is stopping without finishing (its journal failed, or rejected an event); the
/// coordinator starts it again with backoff.</summary>
public sealed record CellStopping(string CellId, string Error, bool JournalFault);
