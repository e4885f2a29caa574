using Akka.Actor;
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
    [Fact]
    public void An_unrenewed_lease_moves_to_another_trainer_and_the_late_result_is_ignored()
    {
        var config = SweepConfig.Parse("""
            activelab.sweep { name = lease, datasets = [wall-robot], methods = [random], models = [et], repeats = 1, rounds = 1, batch-size = 10, trainer = noop }
            activelab.cluster { lease-timeout = 1s, max-attempts = 3, heartbeat-interval = 200ms }
            """, "test.conf", TestPaths.Data, TestPaths.TempDir());
        var datasets = new DatasetRegistry(config.DataDir);
        var executor = new TrainingJobExecutor(datasets, new DefaultTrainingModels(), "B");
        var listener = CreateTestProbe();
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(config, datasets, ResultsWriter.Props(config.SweepDir, "n"), listener));

        var a = CreateTestProbe();
        a.Send(coordinator, new RequestWork(1, "A"));
        var first = a.ExpectMsg<WorkAssignment>(TimeSpan.FromSeconds(20));

        // A never renews: after the lease timeout the job is handed to B under a new lease. B, like a real trainer,
        // answers every assignment at once.
        var b = CreateTestProbe();
        b.Send(coordinator, new RequestWork(10, "B"));
        WorkAssignment? retry = null;
        while (retry is null)
        {
            var w = b.ExpectMsg<WorkAssignment>(TimeSpan.FromSeconds(20));
            if (w.Job.JobId == first.Job.JobId) retry = w;
            b.Send(coordinator, new JobSucceeded(w.Job.JobId, w.LeaseId, executor.Execute(w.Job)));
        }
        Assert.NotEqual(first.LeaseId, retry.LeaseId);

        // A's late result under the old lease must not be recorded.
        var stale = executor.Execute(first.Job) with { Node = "A" };
        a.Send(coordinator, new JobSucceeded(first.Job.JobId, first.LeaseId, stale));

        var done = listener.FishForMessage<SweepCompleted>(_ => true, TimeSpan.FromSeconds(30));
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
        var held = Enumerable.Range(0, 3).Select(_ => doomed.ExpectMsg<WorkAssignment>(TimeSpan.FromSeconds(20))).ToList();
        Watch(doomed.Ref);
        Sys.Stop(doomed.Ref);
        ExpectTerminated(doomed.Ref);

        var next = CreateTestProbe();
        next.Send(coordinator, new RequestWork(20, "Y"));
        var got = Enumerable.Range(0, 10).Select(_ => next.ExpectMsg<WorkAssignment>(TimeSpan.FromSeconds(20)).Job.JobId).ToHashSet();
        Assert.Superset(held.Select(h => h.Job.JobId).ToHashSet(), got);

        var status = await coordinator.Ask<SweepStatus>(new GetSweepStatus(), TimeSpan.FromSeconds(10));
        Assert.Equal(2, status.Groups.Length);
        Assert.Equal(10, status.LeasedJobs);
        Assert.Equal(0, status.PendingJobs);
    }
}
