using Akka.Actor;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Core.Randomness;
using ActiveLab.Core.Rounds;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// The simulated annotator (spec §2.7 through <see cref="RoundEngine.Annotate"/>): moves the new picks into the
/// labeled pool and draws one label per selected example from its complete pool into a new annotator column.
/// </summary>
public sealed class AnnotatorSimulatorActor : ReceiveActor
{
    public AnnotatorSimulatorActor()
    {
        Receive<SimulateAnnotations>(m =>
        {
            try
            {
                var (result, next) = RoundEngine.Annotate(m.State, m.Context, m.Plan, m.Scoring, Rng.For(m.AnnotatorStream));
                Sender.Tell(new AnnotationsSimulated(m.State.Round, result, next));
            }
            catch (Exception e)
            {
                Sender.Tell(new RoundStepFailed(m.State.Round, "annotation", e.Message));
            }
        });
    }

    private static readonly Props Instance = Akka.Actor.Props.Create<AnnotatorSimulatorActor>(); // one per cell: no expression tree to compile each time

    public static Props Props() => Instance;
}
