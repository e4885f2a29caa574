using ActiveLab.Core.Randomness;
using ActiveLab.Core.Rounds;

namespace ActiveLab.Cluster.Protocol;

// Local messages between a cell and its scorer / annotator-simulator actors (same node, never serialized).

/// <summary>Cell → scorer: score the round's examples and select the batch.</summary>
public sealed record ScoreRound(RunState State, ActiveLearningMethod Method, RoundContext Context, RoundPlan Plan,
    IReadOnlyList<MemberOutputs> Outputs, StreamKey ScoreStream, StreamKey TieBreakStream);

/// <summary>Scorer → cell.</summary>
public sealed record RoundScored(int Round, RoundScoring Scoring);

/// <summary>Cell → annotator simulator: collect one label per selected example.</summary>
public sealed record SimulateAnnotations(RunState State, RoundContext Context, RoundPlan Plan, RoundScoring Scoring, StreamKey AnnotatorStream);

/// <summary>Annotator simulator → cell: the round's result and the next state.</summary>
public sealed record AnnotationsSimulated(int Round, RoundResult Result, RunState Next);

/// <summary>Scorer or simulator → cell: the step threw.</summary>
public sealed record RoundStepFailed(int Round, string Step, string Error);
