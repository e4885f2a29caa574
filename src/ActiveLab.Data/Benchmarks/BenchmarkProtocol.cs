namespace ActiveLab.Data;

/// <summary>
/// The spec's round-loop constants of a benchmark (spec §0.1 table): rounds per run, annotations collected per round,
/// independent runs. Informational defaults for a trainer; they do not affect dataset construction.
/// </summary>
public sealed record BenchmarkProtocol(int Rounds, int BatchSize, int Runs);
