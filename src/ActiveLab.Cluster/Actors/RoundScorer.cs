using Akka.Actor;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Core.Randomness;
using ActiveLab.Core.Rounds;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// Scores a round (every scoring method of the spec through <see cref="RoundEngine.Score"/>) and selects the batch.
/// Stateless: a cell owns one and sends it each round's training outputs.
/// </summary>
public sealed class RoundScorer : ReceiveActor
{
    public RoundScorer()
    {
        Receive<ScoreRound>(m =>
        {
            try
            {
                var scoring = RoundEngine.Score(m.State, m.Method, m.Context, m.Plan, m.Outputs, Rng.For(m.ScoreStream), Rng.For(m.TieBreakStream));
                Sender.Tell(new RoundScored(m.State.Round, scoring));
            }
            catch (Exception e)
            {
                Sender.Tell(new RoundStepFailed(m.State.Round, "scoring", e.Message));
            }
        });
    }

    private static readonly Props Instance = Akka.Actor.Props.Create<RoundScorer>(); // one per cell: no expression tree to compile each time

    public static Props Props() => Instance;
}
