using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;
using ActiveLab.Models;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Tests;

/// <summary>Faults that used to hang a sweep or lose results, in-process (the real-process versions are in
/// ActiveLab.Cluster.ProcessTests/FaultProcessTests).</summary>
public class HardeningTests : TestKit
{
    /// <summary>Trains "always-fail" cells with ExtraTrees, as if the broken model had been fixed.</summary>
    private sealed class FixedModels : DefaultTrainingModels
    {
        public override IClassifierFactory Create(string model) => base.Create(model == "always-fail" ? "et" : model);
    }

    [Fact]
    public async Task A_second_node_on_the_same_sweep_is_refused_naming_the_holder_and_the_lock_is_released_at_the_end()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), rounds: 1);
        await using (var first = SweepNode.Start(new NodeOptions("127.0.0.1", 0, [], [NodeOptions.CoordinatorRole]), config))
        {
            var refused = Assert.Throws<SweepLockedException>(() => SweepNode.Start(new NodeOptions("127.0.0.1", 0, [], [NodeOptions.CoordinatorRole]), config));
            Assert.Contains($"process {Environment.ProcessId}", refused.Message);
            Assert.Contains(".activelab.lock", refused.Message);
            Assert.False(File.Exists(SweepLayout.ManifestPath(config.SweepDir)), "the refused node wrote into the sweep");
        }
        // Released: the sweep runs.
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config));
    }

    [Fact]
    public async Task Changed_data_is_refused_on_resume_like_a_changed_config()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), methods: "[random]", rounds: 1);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config));
        byte[] before = File.ReadAllBytes(SweepLayout.RoundsPath(config.SweepDir));

        // The same files, but one test label differs: the content fingerprint changes.
        var changed = new DatasetRegistry(config.DataDir, (data, _) => data with
        {
            Test = data.Test with { TrueLabels = data.Test.TrueLabels.Select((l, i) => i == 0 ? (l + 1) % data.NumClasses : l).ToArray() },
        });
        var refused = Assert.IsType<SweepRefused>(await SweepHarness.RunSingleNode(config, datasets: changed));
        Assert.Contains("dataset wall-robot changed", refused.Reason);
        Assert.Contains("fingerprint", refused.Reason);
        Assert.Equal(before, File.ReadAllBytes(SweepLayout.RoundsPath(config.SweepDir)));

        // The original data resumes (nothing left to do) and gives the same results.
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config));
        Assert.Equal(before.Length, File.ReadAllBytes(SweepLayout.RoundsPath(config.SweepDir)).Length);
    }

    [Fact]
    public async Task Retry_failed_gives_failed_cells_a_new_chance_and_status_forgets_their_error()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), methods: "[random]", models: "[et, always-fail]", rounds: 2);
        var failed = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config));
        Assert.Equal(1, failed.Status.CellsFailed);

        // Without the flag a failed cell stays failed.
        var again = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config, models: new FixedModels()));
        Assert.Equal(1, again.Status.CellsFailed);

        var retried = Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config, models: new FixedModels(), retryFailed: true));
        Assert.Equal(0, retried.Status.CellsFailed);
        Assert.Equal(2, retried.Status.CellsDone);
        var rounds = ParquetTables.ReadRounds(SweepLayout.RoundsPath(config.SweepDir));
        Assert.Equal(2, rounds.Count(r => r.Model == "always-fail"));
        var status = await SweepStatusReader.ReadAsync(config);
        Assert.Equal((2, 0), (status!.CellsDone, status.CellsFailed));
    }

    [Fact]
    public async Task Parts_of_an_earlier_run_are_set_aside_so_a_truncated_part_cannot_block_the_rerun()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), methods: "[random]", rounds: 2);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config));
        var reference = SweepHarness.DeterministicRounds(config);
        string parts = SweepLayout.PartsDirectory(config.SweepDir);
        var part = Directory.GetFiles(parts, "rounds-*.parquet").First();
        File.WriteAllBytes(part, File.ReadAllBytes(part)[..40]);
        File.Delete(SweepLayout.RoundsPath(config.SweepDir));

        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(config));
        Assert.Equal(reference, SweepHarness.DeterministicRounds(config));
        Assert.Empty(Directory.GetDirectories(parts)); // superseded parts are deleted after a good compaction
    }

    [Fact]
    public void A_draining_trainer_hands_its_leases_back_and_returns_later_assignments_at_once()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), trainer: "noop");
        var datasets = new DatasetRegistry(config.DataDir);
        var coordinator = CreateTestProbe();
        var executor = new TrainingJobExecutor(datasets, new DefaultTrainingModels(), "node-a");
        var trainer = Sys.ActorOf(TrainerNode.Props(coordinator, executor, 1, TimeSpan.FromMinutes(5)));
        coordinator.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(30));
        // A job the trainer cannot start (its only slot is blocked by nothing: it queues), then a drain.
        var job = TrainerNodeTests.NoopJob("j1");
        trainer.Tell(new WorkAssignment(job, 42), coordinator);
        trainer.Tell(new WorkAssignment(job with { JobId = "j2" }, 43), coordinator);
        var asker = CreateTestProbe();
        trainer.Tell(new DrainTrainer(), asker);
        var returned = coordinator.FishForMessage<ReturnLeases>(_ => true, TimeSpan.FromSeconds(30));
        coordinator.Reply(new LeasesReturned(returned.JobIds.Length));
        asker.ExpectMsg<TrainerDrained>(TimeSpan.FromSeconds(30));
        // After the drain, an assignment goes straight back.
        trainer.Tell(new WorkAssignment(job with { JobId = "j3" }, 44), coordinator);
        var back = coordinator.FishForMessage<ReturnLeases>(r => r.JobIds.Contains("j3"), TimeSpan.FromSeconds(30));
        Assert.Equal([44L], back.LeaseIds);
    }

    [Fact]
    public async Task A_node_with_other_data_hands_the_job_back_and_stops_instead_of_failing_it()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), trainer: "noop");
        var datasets = new DatasetRegistry(config.DataDir);
        var coordinator = CreateTestProbe();
        var trainer = Sys.ActorOf(TrainerNode.Props(coordinator, new TrainingJobExecutor(datasets, new DefaultTrainingModels(), "node-b"), 1, TimeSpan.FromMinutes(5)));
        coordinator.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(30));
        var noop = TrainerNodeTests.NoopJob("j1");
        var job = noop with { Cell = noop.Cell with { DatasetFingerprint = "not-the-coordinators" } };
        trainer.Tell(new WorkAssignment(job, 7), coordinator);
        var msg = coordinator.FishForMessage(m => m is ReturnLeases or JobFailed, TimeSpan.FromSeconds(30));
        var returned = Assert.IsType<ReturnLeases>(msg);
        Assert.Equal(["j1"], returned.JobIds);
        var stop = await NodeWatch.Get(Sys).Health.Stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(NodeStopKind.BadSetup, stop.Kind);
        Assert.Contains("fingerprint", stop.Reason);
    }

    [Fact]
    public void A_handed_back_lease_goes_to_another_trainer_at_once_without_counting_as_an_attempt()
    {
        var config = ActiveLab.Cluster.Sweeps.SweepConfig.Parse("""
            activelab.sweep { name = hand, datasets = [wall-robot], methods = [random], models = [et], repeats = 1, rounds = 1, batch-size = 10, trainer = noop }
            activelab.cluster { lease-timeout = 10m, max-attempts = 1 }
            """, "test.conf", TestPaths.Data, TestPaths.TempDir());
        var datasets = new DatasetRegistry(config.DataDir);
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(config, datasets, ResultsWriter.Props(config.SweepDir, "n"), CreateTestProbe()));
        var a = CreateTestProbe();
        a.Send(coordinator, new RequestWork(1, "A"));
        var held = a.ExpectMsg<WorkAssignment>(TimeSpan.FromSeconds(30));
        a.Send(coordinator, new ReturnLeases([held.Job.JobId], [held.LeaseId], "A is stopping"));
        Assert.Equal(1, a.ExpectMsg<LeasesReturned>(TimeSpan.FromSeconds(30)).Count);
        var b = CreateTestProbe();
        b.Send(coordinator, new RequestWork(1, "B"));
        var again = b.ExpectMsg<WorkAssignment>(TimeSpan.FromSeconds(30));
        Assert.Equal(held.Job.JobId, again.Job.JobId);
        Assert.NotEqual(held.LeaseId, again.LeaseId);
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // A gets nothing more
    }

    [Fact]
    public async Task A_node_cannot_claim_every_job_and_a_malformed_renewal_does_not_restart_the_coordinator()
    {
        var config = ActiveLab.Cluster.Sweeps.SweepConfig.Parse("""
            activelab.sweep { name = greedy, datasets = [wall-robot], methods = [random, entropy, uncertainty], models = [et], repeats = 20, rounds = 1, batch-size = 10, trainer = noop }
            activelab.cluster { lease-timeout = 10m, max-slots-per-node = 40 }
            """, "test.conf", TestPaths.Data, TestPaths.TempDir());
        Assert.Equal(40, config.MaxSlotsPerNode);
        var datasets = new DatasetRegistry(config.DataDir);
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(config, datasets, ResultsWriter.Props(config.SweepDir, "n"), CreateTestProbe()));
        var greedy = CreateTestProbe();
        greedy.Send(coordinator, new RequestWork(int.MaxValue, "greedy"));
        var held = new List<WorkAssignment>();
        for (int i = 0; i < config.MaxSlotsPerNode; i++) held.Add(greedy.ExpectMsg<WorkAssignment>(TimeSpan.FromSeconds(60)));
        greedy.ExpectNoMsg(TimeSpan.FromSeconds(1));
        var before = await coordinator.Ask<SweepStatus>(new GetSweepStatus(), TimeSpan.FromSeconds(10));
        Assert.Equal(config.MaxSlotsPerNode, before.LeasedJobs);
        Assert.True(before.PendingJobs > 0, "the sweep is too small to show the cap");

        // Unequal arrays (a malformed or hostile renewal) and a result naming another job: dropped, nothing restarts.
        greedy.Send(coordinator, new RenewLeases([held[0].Job.JobId, held[1].Job.JobId], [held[0].LeaseId]));
        var output = new TrainingJobExecutor(datasets, new DefaultTrainingModels(), "greedy").Execute(held[2].Job);
        greedy.Send(coordinator, new JobSucceeded(held[3].Job.JobId, held[3].LeaseId, output));
        var after = await coordinator.Ask<SweepStatus>(new GetSweepStatus(), TimeSpan.FromSeconds(10));
        Assert.Equal(config.MaxSlotsPerNode, after.LeasedJobs); // a restarted coordinator would hold none
        Assert.Equal(0, after.CompletedJobs);
    }

    [Fact]
    public void A_result_of_the_wrong_shape_fails_only_that_attempt_and_the_job_runs_again()
    {
        var config = ActiveLab.Cluster.Sweeps.SweepConfig.Parse("""
            activelab.sweep { name = shape, datasets = [wall-robot], methods = [random], models = [et], repeats = 1, rounds = 1, batch-size = 10, trainer = noop }
            activelab.cluster { lease-timeout = 10m, max-attempts = 2 }
            """, "test.conf", TestPaths.Data, TestPaths.TempDir());
        var datasets = new DatasetRegistry(config.DataDir);
        var executor = new TrainingJobExecutor(datasets, new DefaultTrainingModels(), "A");
        var listener = CreateTestProbe();
        var coordinator = Sys.ActorOf(SweepCoordinator.Props(config, datasets, ResultsWriter.Props(config.SweepDir, "n"), listener));
        var a = CreateTestProbe();
        a.Send(coordinator, new RequestWork(1, "A"));
        var first = a.ExpectMsg<WorkAssignment>(TimeSpan.FromSeconds(60));
        var good = executor.Execute(first.Job);
        // One row short, then NaN probabilities: each is refused and the job comes back under a new lease.
        var shortRows = good with { Unlabeled = new MatrixData(good.Unlabeled!.Rows - 1, good.Unlabeled.Columns, good.Unlabeled.Values[good.Unlabeled.Columns..]) };
        a.Send(coordinator, new JobSucceeded(first.Job.JobId, first.LeaseId, shortRows));
        var again = a.FishForMessage<WorkAssignment>(w => w.Job.JobId == first.Job.JobId, TimeSpan.FromSeconds(60));
        Assert.NotEqual(first.LeaseId, again.LeaseId);
        a.Send(coordinator, new JobSucceeded(again.Job.JobId, again.LeaseId, good));
        // The rest of the round, answered correctly.
        for (int i = 1; i < 5; i++)
        {
            var w = a.ExpectMsg<WorkAssignment>(TimeSpan.FromSeconds(60));
            a.Send(coordinator, new JobSucceeded(w.Job.JobId, w.LeaseId, executor.Execute(w.Job)));
        }
        var done = listener.FishForMessage<SweepCompleted>(_ => true, TimeSpan.FromSeconds(60));
        Assert.Equal((1, 0), (done.Status.CellsDone, done.Status.CellsFailed));
    }

    [Fact]
    public void Result_checks_name_what_is_wrong()
    {
        var datasets = new DatasetRegistry(TestPaths.Data);
        var job = TrainerNodeTests.NoopJob("j");
        var good = new TrainingJobExecutor(datasets, new DefaultTrainingModels(), "n").Execute(job);
        Assert.Null(ResultCheck.Problem(job, good, datasets));
        Assert.Contains("member 3", ResultCheck.Problem(job, good with { Member = 3 }, datasets));
        Assert.Contains("accuracy", ResultCheck.Problem(job, good with { Accuracy = double.NaN }, datasets));
        Assert.Contains("test probabilities are missing", ResultCheck.Problem(job, good with { Test = null }, datasets));
        var nan = (double[])good.HeldOut!.Values.Clone();
        nan[0] = double.NaN;
        Assert.Contains("held-out probabilities hold NaN", ResultCheck.Problem(job, good with { HeldOut = good.HeldOut with { Values = nan } }, datasets));
        Assert.Contains("expected", ResultCheck.Problem(job, good with { Test = new MatrixData(1, 4, [0.25, 0.25, 0.25, 0.25]) }, datasets));
    }

    [Fact]
    public async Task An_outage_shorter_than_the_window_is_ridden_out_and_a_longer_one_stops_the_node()
    {
        var time = new ManualTime();
        var health = new NodeHealth();
        var watch = new OutageWatch("the journal (test)", TimeSpan.FromSeconds(30), health, time);
        watch.Failed("connection refused");
        time.Advance(TimeSpan.FromSeconds(20));
        watch.Failed("connection refused");
        watch.Succeeded();
        time.Advance(TimeSpan.FromSeconds(20));
        watch.Check();
        Assert.False(health.Stopped.IsCompleted);
        watch.Failed("disk full");
        time.Advance(TimeSpan.FromSeconds(31));
        watch.Check();
        Assert.True(health.Stopped.IsCompletedSuccessfully);
        var stop = await health.Stopped;
        Assert.Equal(NodeStopKind.Unavailable, stop.Kind);
        Assert.Equal("the journal (test) has been unavailable for 31 s (limit 30 s): disk full", stop.Reason);
    }

    [Fact]
    public void A_journal_that_reads_but_cannot_write_is_still_an_outage()
    {
        var time = new ManualTime();
        var health = new NodeHealth();
        var watch = new OutageWatch("the journal (test)", TimeSpan.FromSeconds(10), health, time);
        watch.Failed("database or disk is full", write: true);
        time.Advance(TimeSpan.FromSeconds(6));
        watch.Succeeded(write: false); // a cell recovered: reads work, but that says nothing about writes
        time.Advance(TimeSpan.FromSeconds(6));
        watch.Check();
        Assert.True(health.Stopped.IsCompleted);

        var health2 = new NodeHealth();
        var readOnly = new OutageWatch("the journal (test)", TimeSpan.FromSeconds(10), health2, time);
        readOnly.Failed("connection refused", write: false);
        time.Advance(TimeSpan.FromSeconds(6));
        readOnly.Succeeded(write: false); // the database is back
        time.Advance(TimeSpan.FromSeconds(6));
        readOnly.Check();
        Assert.False(health2.Stopped.IsCompleted);
    }

    [Theory]
    [InlineData("connection-string = \"Host=db;Username=u;Password=s3cret;Database=d\"", "connection-string = \"Host=db;Username=u;Password=***;Database=d\"")]
    [InlineData("connection-string = \"host=db;pwd = s3cret\"", "connection-string = \"host=db;pwd = ***\"")]
    [InlineData("name = password-study", "name = password-study")]
    public void Connection_string_secrets_are_redacted_from_the_config_text(string text, string expected) =>
        Assert.Equal(expected, ActiveLab.Cluster.Sweeps.SweepConfig.Redact(text));

    [Fact]
    public void The_journal_password_comes_from_a_file_and_is_never_in_the_config_text()
    {
        var dir = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, "pw"), "from-the-file\n");
        var config = ActiveLab.Cluster.Sweeps.SweepConfig.Parse($$"""
            activelab.sweep { name = pw, datasets = [wall-robot], methods = [random], models = [et] }
            activelab.persistence { provider = postgresql, connection-string = "Host=db;Username=u;Database=d", password-file = "{{Path.Combine(dir, "pw")}}" }
            """, "test.conf", TestPaths.Data, dir);
        Assert.Contains("Password=from-the-file", config.EffectiveConnectionString);
        Assert.DoesNotContain("from-the-file", config.Source);
        Assert.DoesNotContain("from-the-file", config.JournalDescription);
        var missing = Assert.Throws<ActiveLab.Cluster.Sweeps.SweepConfigException>(() => ActiveLab.Cluster.Sweeps.SweepConfig.Parse("""
            activelab.sweep { name = pw, datasets = [wall-robot], methods = [random], models = [et] }
            activelab.persistence { provider = postgresql, connection-string = "Host=db", password-file = "/nonexistent/pw" }
            """, "test.conf", TestPaths.Data, dir));
        Assert.Contains("activelab.persistence.password-file", missing.Message);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
