using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Tests;

/// <summary>
/// The coordinator with real cells (in-memory journal) and test probes playing trainers, to drive leases by hand.
/// </summary>
public class SweepCoordinatorTests : TestKit
{
    /// <summary>Generous waits: the machine running the suite may be loaded (2 cores, several test assemblies).</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_unrenewed_lease_moves_to_another_trainer_and_the_late_result_is_ignored()
    {
        // A lease of a few seconds: long enough that B, which answers at once, never loses one on a loaded machine;
        // A's lease expires because A never renews, however long that takes the test thread.
        var config = SweepConfig.Parse("""
            activelab.sweep { name = lease, datasets = [wall-robot], methods = [random], models = [et], repeats = 1, rounds = 1, batch-size = 10, trainer = noop }
            activelab.cluster { lease-timeout = 5s, max-attempts = 3, heartbeat-interval = 1s }
            """, "test.conf", TestPaths.Data, TestPaths.TempDir());
        var datasets = new DatasetRegistry(config.DataDir);
        var executor = new TrainingJobExecutor(datasets, new DefaultTrainingModels(), "B");
        var listener = CreateTestProbe();
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(config, datasets, ResultsWriter.Props(config.SweepDir, "n"), listener));

        var a = CreateTestProbe();
        a.Send(coordinator, new RequestWork(1, "A"));
        var first = a.ExpectMsg<WorkAssignment>(Wait);
        // A takes no more work (else the expired job could be handed back to A, depending on the round-robin position).
        a.Send(coordinator, new RequestWork(0, "A"));

        // B, like a real trainer, answers every assignment at once, except the retry of A's job: that one it holds until
        // the test has sent A's late result, so the late result arrives while the new lease is current.
        var retried = new TaskCompletionSource<WorkAssignment>(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = CreateTestProbe();
        b.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is WorkAssignment w)
            {
                // (Should the held lease expire on a very slow machine, the next retry is answered like any job.)
                if (w.Job.JobId == first.Job.JobId && retried.TrySetResult(w)) return AutoPilot.KeepRunning;
                sender.Tell(new JobSucceeded(w.Job.JobId, w.LeaseId, executor.Execute(w.Job)), b.Ref);
            }
            return AutoPilot.KeepRunning;
        }));
        b.Send(coordinator, new RequestWork(10, "B"));

        var retry = await retried.Task.WaitAsync(Wait);
        Assert.NotEqual(first.LeaseId, retry.LeaseId);

        // A's late result under the old lease must not be recorded; B's under the current lease is.
        var stale = executor.Execute(first.Job) with { Node = "A" };
        a.Send(coordinator, new JobSucceeded(first.Job.JobId, first.LeaseId, stale));
        b.Send(coordinator, new JobSucceeded(retry.Job.JobId, retry.LeaseId, executor.Execute(retry.Job)));

        var done = listener.FishForMessage<SweepCompleted>(_ => true, Wait);
        Assert.True(done.Status.CellsDone == 1, string.Join("; ", done.Status.Groups.SelectMany(g => g.Errors)));
        var row = Assert.Single(ParquetTables.ReadRounds(Path.Combine(config.SweepDir, "rounds.parquet")));
        Assert.Equal("B", row.Node);
    }

    [Fact]
    public async Task Status_reports_groups_and_a_terminated_trainer_releases_its_jobs()
    {
        var config = SweepConfig.Parse("""
            activelab.sweep { name = term, datasets = [wall-robot], methods = [random, entropy], models = [et], repeats = 1, rounds = 1, batch-size = 10, trainer = noop }
            activelab.cluster { lease-timeout = 10m, max-attempts = 3 }
            """, "test.conf", TestPaths.Data, TestPaths.TempDir());
        var datasets = new DatasetRegistry(config.DataDir);
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(config, datasets, ResultsWriter.Props(config.SweepDir, "n"), CreateTestProbe()));

        var doomed = CreateTestProbe();
        doomed.Send(coordinator, new RequestWork(3, "X"));
        var held = Enumerable.Range(0, 3).Select(_ => doomed.ExpectMsg<WorkAssignment>(Wait)).ToList();
        Watch(doomed.Ref);
        Sys.Stop(doomed.Ref);
        ExpectTerminated(doomed.Ref, Wait);

        var next = CreateTestProbe();
        next.Send(coordinator, new RequestWork(20, "Y"));
        var got = Enumerable.Range(0, 10).Select(_ => next.ExpectMsg<WorkAssignment>(Wait).Job.JobId).ToHashSet();
        Assert.Superset(held.Select(h => h.Job.JobId).ToHashSet(), got);

        var status = await coordinator.Ask<SweepStatus>(new GetSweepStatus(), Wait);
        Assert.Equal(2, status.Groups.Length);
        Assert.Equal(10, status.LeasedJobs);
        Assert.Equal(0, status.PendingJobs);
    }
}
