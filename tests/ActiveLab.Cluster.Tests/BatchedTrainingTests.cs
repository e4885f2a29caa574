using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;
using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Models;

namespace ActiveLab.Cluster.Tests;

/// <summary>
/// Trainer batching: a slot trains several queued jobs of one model through <see cref="IClassifierFactory.FitMany"/>,
/// and every job is still reported, and failed, on its own; results equal unbatched training.
/// </summary>
public class BatchedTrainingTests : TestKit
{
    private static readonly DatasetRegistry Datasets = new(TestPaths.Data);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>The real ExtraTrees, with a FitMany that records how many fits it was handed at once.</summary>
    private sealed class RecordingModels(ConcurrentQueue<int> batches, bool stacks = true) : ITrainingModels
    {
        public IClassifierFactory Create(string model) => new Recording(batches, ClassifierCatalog.Create("et"), stacks);

        private sealed class Recording(ConcurrentQueue<int> batches, IClassifierFactory inner, bool stacks) : IClassifierFactory
        {
            public string Name => inner.Name;
            public IFittedClassifier Fit(Matrix x, ReadOnlySpan<int> y, int numClasses, Rng rng) => inner.Fit(x, y, numClasses, rng);
            public bool BatchesFits => stacks;

            public IFittedClassifier[] FitMany(IReadOnlyList<ClassifierTrainingJob> jobs)
            {
                batches.Enqueue(jobs.Count);
                return [.. jobs.Select(j => inner.Fit(j.X, j.Y.Span, j.NumClasses, j.Rng))];
            }
        }
    }

    private static TrainingJob Job(string id, int fold) => TrainerNodeTests.Job(id, "et", fold: fold);

    private static string Describe(TrainingJobOutput o) =>
        $"{o.JobId} {o.Member} {o.Fold} {o.Accuracy:R} {string.Join(",", o.HeldOut?.Values ?? [])} {string.Join(",", o.Unlabeled?.Values ?? [])} {string.Join(",", o.Test?.Values ?? [])}";

    [Fact]
    public void A_batch_gives_each_job_the_output_it_gets_alone_and_a_bad_job_fails_alone()
    {
        var batches = new ConcurrentQueue<int>();
        var executor = new TrainingJobExecutor(Datasets, new RecordingModels(batches), "n1");
        TrainingJob[] jobs = [Job("f0", 0), Job("f3", 3), Job("bad", 9), Job("full", FoldSpec.FullFit)];
        var results = executor.ExecuteMany(jobs);

        Assert.Equal([3], batches);                             // the bad job never reached the fit
        Assert.Contains("fold 9 does not exist", results[2].Error);
        Assert.False(results[2].SetupError);
        foreach (int i in new[] { 0, 1, 3 })
            Assert.Equal(Describe(executor.Execute(jobs[i])), Describe(results[i].Output!));
    }

    [Fact]
    public void A_trainer_node_asks_for_slots_times_batch_and_trains_queued_jobs_together()
    {
        var batches = new ConcurrentQueue<int>();
        var executor = new TrainingJobExecutor(Datasets, new RecordingModels(batches), "n1");
        var coordinator = CreateTestProbe();
        var trainer = Sys.ActorOf(TrainerNode.Props(coordinator, executor, 1, TimeSpan.FromSeconds(30), new TrainerBatching(4, TrainerBatching.DefaultFillWait)));
        Assert.Equal(4, coordinator.ExpectMsg<RequestWork>(Wait).Slots);

        var jobs = Enumerable.Range(0, 5).Select(f => Job($"j{f}", f)).Append(Job("j-full", FoldSpec.FullFit)).ToArray();
        for (int i = 0; i < jobs.Length; i++) trainer.Tell(new WorkAssignment(jobs[i], 100 + i));
        var done = Enumerable.Range(0, jobs.Length).Select(_ => coordinator.FishForMessage<JobSucceeded>(_ => true, Wait)).ToList();

        Assert.Equal(jobs.Select(j => j.JobId).Order(), done.Select(d => d.JobId).Order());
        Assert.All(done, d => Assert.Equal(100 + Array.FindIndex(jobs, j => j.JobId == d.JobId), d.LeaseId));
        Assert.Equal(jobs.Length, batches.Sum());
        Assert.True(batches.Max() > 1, $"batches: {string.Join(", ", batches)}");
        Assert.All(batches, b => Assert.InRange(b, 1, 4));
        var alone = new TrainingJobExecutor(Datasets, new DefaultTrainingModels(), "n1");
        foreach (var d in done)
            Assert.Equal(Describe(alone.Execute(jobs.Single(j => j.JobId == d.JobId)) with { Seconds = 0 }), Describe(d.Output with { Seconds = 0 }));
    }

    [Fact]
    public void Jobs_of_a_model_that_does_not_stack_its_fits_are_spread_over_the_slots_one_at_a_time()
    {
        var batches = new ConcurrentQueue<int>();
        var executor = new TrainingJobExecutor(Datasets, new RecordingModels(batches, stacks: false), "n1");
        Assert.False(executor.Batches(Job("j", 0)));
        Assert.True(new TrainingJobExecutor(Datasets, new RecordingModels(batches), "n1").Batches(Job("j", 0)));
        Assert.False(new TrainingJobExecutor(Datasets, new DefaultTrainingModels(), "n1").Batches(TrainerNodeTests.Job("a", "always-fail", fold: 0)));

        var coordinator = CreateTestProbe();
        var trainer = Sys.ActorOf(TrainerNode.Props(coordinator, executor, 2, TimeSpan.FromSeconds(30), new TrainerBatching(8, TimeSpan.FromSeconds(5))));
        Assert.Equal(16, coordinator.ExpectMsg<RequestWork>(Wait).Slots);
        var sent = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 4; i++) trainer.Tell(new WorkAssignment(Job($"j{i}", i), 100 + i));
        for (int i = 0; i < 4; i++) coordinator.FishForMessage<JobSucceeded>(_ => true, Wait);
        Assert.Empty(batches);                       // never handed to FitMany together
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(5), $"took {sent.Elapsed}: a slot waited to fill a batch");
    }

    [Fact]
    public void The_fill_wait_holds_a_slot_for_jobs_that_arrive_apart_and_bounds_the_wait_for_a_batch_that_cannot_fill()
    {
        var batches = new ConcurrentQueue<int>();
        var executor = new TrainingJobExecutor(Datasets, new RecordingModels(batches), "n1");
        var coordinator = CreateTestProbe();
        var fillWait = TimeSpan.FromSeconds(3);
        var trainer = Sys.ActorOf(TrainerNode.Props(coordinator, executor, 1, TimeSpan.FromSeconds(30), new TrainerBatching(8, fillWait)));
        coordinator.ExpectMsg<RequestWork>(Wait);

        // Three jobs 200 ms apart, never the eight the batch could hold: one batch of three, trained once the wait ends.
        var sent = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 3; i++)
        {
            trainer.Tell(new WorkAssignment(Job($"j{i}", i), 100 + i));
            if (i < 2) Thread.Sleep(200);
        }
        for (int i = 0; i < 3; i++) coordinator.FishForMessage<JobSucceeded>(_ => true, Wait);
        Assert.Equal([3], batches);
        Assert.True(sent.Elapsed >= fillWait, $"trained after {sent.Elapsed}, before the {fillWait} fill wait ended");
    }

    [Fact]
    public async Task A_sweep_with_batching_equals_one_without()
    {
        var plain = SweepHarness.Config(TestPaths.TempDir(), repeats: 2, rounds: 2);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(plain, slots: 2));
        var batches = new ConcurrentQueue<int>();
        var batched = SweepHarness.Config(TestPaths.TempDir(), repeats: 2, rounds: 2);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(batched, slots: 2, models: new RecordingModels(batches), maxBatch: 8));
        Assert.Contains(batches, b => b > 1);
        Assert.Equal(SweepHarness.DeterministicRounds(plain), SweepHarness.DeterministicRounds(batched));
        Assert.Equal(SweepHarness.Labels(plain), SweepHarness.Labels(batched));
    }
}
