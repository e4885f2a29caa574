using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;
using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Models;

namespace ActiveLab.Cluster.Tests;

/// <summary>The trainer actor against a probe standing in for the coordinator.</summary>
public class TrainerNodeTests : TestKit
{
    private static readonly DatasetRegistry Datasets = new(TestPaths.Data);

    /// <summary>Generous waits: the machine running the suite may be loaded (2 cores, several test assemblies); the
    /// tests only wait for messages, they never race a timer.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    internal static TrainingJob Job(string id, string model, string trainer = "real", int fold = 0)
    {
        var data = Datasets.Get("wall-robot", null);
        int n = data.Data.Labeled.Count;
        var labeled = Enumerable.Range(0, n).ToArray();
        return new TrainingJob(id, new JobCell("cell", "wall-robot", null, data.Fingerprint, 3, "random/et", 0, 0), model, 0,
            new FoldSpec(fold, 5, true, true), new JobRows(labeled, data.TrueLabelsById[..n], Enumerable.Range(n, 20).ToArray()), trainer);
    }

    /// <summary>A job of the capacity-test (noop) trainer, for tests elsewhere.</summary>
    internal static TrainingJob NoopJob(string id) => Job(id, "et", "noop");

    /// <summary>Models that block in Fit until released (to observe running jobs).</summary>
    private sealed class GatedModels(SemaphoreSlim gate) : ITrainingModels
    {
        public IClassifierFactory Create(string model) => new Gated(gate, ClassifierCatalog.Create("et"));

        private sealed class Gated(SemaphoreSlim gate, IClassifierFactory inner) : IClassifierFactory
        {
            public string Name => "gated";
            public IFittedClassifier Fit(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng)
            {
                gate.Wait();
                return inner.Fit(x, y, numClasses, rng);
            }
        }
    }

    [Fact]
    public void Asks_for_its_slots_trains_and_reports_the_fold()
    {
        var coordinator = CreateTestProbe();
        var trainer = Sys.ActorOf(TrainerNode.Props(coordinator, new TrainingJobExecutor(Datasets, new DefaultTrainingModels(), "n1"), 2, TimeSpan.FromSeconds(30)));
        Assert.Equal(2, coordinator.ExpectMsg<RequestWork>(Wait).Slots);

        trainer.Tell(new WorkAssignment(Job("j1", "et"), 11));
        var done = coordinator.FishForMessage<JobSucceeded>(_ => true, Wait);
        Assert.Equal(("j1", 11L), (done.JobId, done.LeaseId));
        Assert.Equal(100, done.Output.HeldOut!.Rows);          // 500 labeled rows / 5 folds
        Assert.Equal(20, done.Output.Unlabeled!.Rows);
        Assert.Equal(1000, done.Output.Test!.Rows);
        Assert.InRange(done.Output.Accuracy, 0.8, 1.0);
        Assert.Equal("n1", done.Output.Node);
    }

    [Fact]
    public void A_throwing_job_is_reported_as_failed_with_its_error()
    {
        var coordinator = CreateTestProbe();
        var trainer = Sys.ActorOf(TrainerNode.Props(coordinator, new TrainingJobExecutor(Datasets, new DefaultTrainingModels(), "n1"), 1, TimeSpan.FromSeconds(30)));
        coordinator.ExpectMsg<RequestWork>(Wait);
        trainer.Tell(new WorkAssignment(Job("bad", "always-fail"), 5));
        var failed = coordinator.FishForMessage<JobFailed>(_ => true, Wait);
        Assert.Equal(("bad", 5L), (failed.JobId, failed.LeaseId));
        Assert.Contains("always-fail", failed.Error);
    }

    [Fact]
    public void Running_and_queued_jobs_are_renewed_and_extra_assignments_wait_for_a_slot()
    {
        using var gate = new SemaphoreSlim(0);
        var coordinator = CreateTestProbe();
        var trainer = Sys.ActorOf(TrainerNode.Props(coordinator, new TrainingJobExecutor(Datasets, new GatedModels(gate), "n1"), 1, TimeSpan.FromMilliseconds(200)));
        coordinator.ExpectMsg<RequestWork>(Wait);
        trainer.Tell(new WorkAssignment(Job("a", "et"), 1));
        trainer.Tell(new WorkAssignment(Job("b", "et"), 2));
        var renew = coordinator.FishForMessage<RenewLeases>(m => m.JobIds.Length == 2, Wait);
        Assert.Equal(["a", "b"], renew.JobIds.Order());
        gate.Release(2);
        var results = new[]
        {
            coordinator.FishForMessage<JobSucceeded>(_ => true, Wait),
            coordinator.FishForMessage<JobSucceeded>(_ => true, Wait),
        };
        Assert.Equal(["a", "b"], results.Select(r => r.JobId).Order());
    }

    [Fact]
    public void Noop_trainer_returns_uniform_probabilities_of_the_right_shapes_and_a_wrong_dataset_fails()
    {
        var executor = new TrainingJobExecutor(Datasets, new DefaultTrainingModels(), "n1");
        var output = executor.Execute(Job("n", "et", trainer: "noop"));
        Assert.All(output.HeldOut!.Values, v => Assert.Equal(0.25, v));
        Assert.Equal(100, output.HeldOut.Rows);
        var right = Job("w", "et");
        var wrong = right with { Cell = right.Cell with { DatasetFingerprint = "0000" } };
        Assert.Contains("fingerprint", Assert.Throws<NodeSetupException>(() => executor.Execute(wrong)).Message);
    }
}
