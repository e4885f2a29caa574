using Akka.TestKit.Xunit2;
using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;
using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Core.Rounds;
using ActiveLab.Models;
using ActiveLab.Models.CrossValidation;

namespace ActiveLab.Cluster.Tests;

/// <summary>The scorer and annotator-simulator actors give exactly what the pure round engine gives.</summary>
public class RoundActorsTests : TestKit
{
    private static (RunState State, RoundContext Context, RoundPlan Plan, MemberOutputs[] Outputs) Round0(ActiveLearningMethod method)
    {
        var data = new DatasetRegistry(TestPaths.Data).Get("wall-robot", null);
        var context = new RoundContext(data.NumClasses, 50, data.TrueLabelsById, data.PoolById, data.TestLabels);
        var state = RunState.Initial(data.Data.InitialLabels, data.Data.Unlabeled.Count);
        var key = new StreamKey(1, "wall-robot", method.Name, 0, 0, "");
        var plan = RoundEngine.Plan(state, method, context, Rng.For(key.WithPurpose("tie")));
        var request = plan.Requests[0];
        var cv = CrossValidatedTrainer.Run(ClassifierCatalog.Create("et"), data.FeaturesById.SelectRows(request.LabeledIds), request.Labels,
            data.FeaturesById.SelectRows(request.UnlabeledIds), data.TestFeatures, data.TestLabels, data.NumClasses, key.WithPurpose("train"));
        return (state, context, plan, [new MemberOutputs(cv.OutOfFold, cv.Unlabeled, cv.Test, cv.FoldAccuracies)]);
    }

    [Fact]
    public void Scorer_then_simulator_equal_the_round_engine()
    {
        var method = ActiveLearningMethods.Crowdlab;
        var (state, context, plan, outputs) = Round0(method);
        var scores = new StreamKey(1, "w", "m", 0, 0, "scores");
        var tie = scores.WithPurpose("tie");
        var annotator = scores.WithPurpose("annotator");

        Sys.ActorOf(RoundScorer.Props()).Tell(new ScoreRound(state, method, context, plan, outputs, scores, tie), TestActor);
        var scored = ExpectMsg<RoundScored>(TimeSpan.FromSeconds(20));
        Sys.ActorOf(AnnotatorSimulatorActor.Props()).Tell(new SimulateAnnotations(state, context, plan, scored.Scoring, annotator), TestActor);
        var annotated = ExpectMsg<AnnotationsSimulated>(TimeSpan.FromSeconds(20));

        var (expected, next) = RoundEngine.Complete(state, method, context, plan, outputs, Rng.For(scores), Rng.For(annotator), Rng.For(tie));
        Assert.Equal(expected.NewIds, annotated.Result.NewIds);
        Assert.Equal(expected.RelabeledIds, annotated.Result.RelabeledIds);
        Assert.Equal(expected.Annotations, annotated.Result.Annotations);
        Assert.Equal(expected.ModelAccuracy, annotated.Result.ModelAccuracy);
        Assert.Equal(next.Labels.ToDense(), annotated.Next.Labels.ToDense());
        Assert.Equal(50, annotated.Result.Annotations.Length);
    }

    [Fact]
    public void A_failing_step_is_reported_not_thrown()
    {
        var method = ActiveLearningMethods.Random;
        var (state, context, plan, outputs) = Round0(method);
        var wrongShape = new[] { outputs[0] with { Test = new Matrix(3, 4) } };
        Sys.ActorOf(RoundScorer.Props()).Tell(new ScoreRound(state, method, context, plan, wrongShape, default, default), TestActor);
        var failed = ExpectMsg<RoundStepFailed>(TimeSpan.FromSeconds(20));
        Assert.Equal("scoring", failed.Step);
        Assert.Contains("test probabilities", failed.Error);
    }
}
