using System.Globalization;
using System.Text.RegularExpressions;
using ActiveLab.Results;
using Xunit.Abstractions;

namespace ActiveLab.Cluster.ProcessTests;

/// <summary>
/// The orchestrator as users run it: real <c>activelab</c> processes on 127.0.0.1, real SQLite (or PostgreSQL)
/// journals, SIGKILL mid-sweep. Whatever is killed, the finished sweep's deterministic results must equal the
/// uninterrupted reference run (<see cref="ReferenceSweep"/>) value for value.
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Process")]
public sealed class SweepProcessTests(ReferenceSweep reference, ITestOutputHelper output) : ProcessTestBase(reference, output)
{
    private static SweepSpec Spec => ReferenceSweep.Spec;

    /// <summary>1. The uninterrupted single-node run: exit 0, every round and annotation of every cell, status "finished".</summary>
    [SkippableFact]
    public async Task ReferenceRunCompletesEveryCell()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        Output.WriteLine($"reference run: {r.Wall.TotalSeconds:0.0} s, {Spec.Jobs} fold jobs, {Spec.Cells} cells");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Spec.Cells * Spec.Rounds, r.Results.Rounds.Length);
        Assert.Equal(Spec.Cells * Spec.Rounds * Spec.BatchSize, r.Results.Labels.Length);
        Assert.NotNull(r.Final);
        Assert.Equal(Spec.Cells, r.Final!.CellsDone);
        Assert.Equal(0, r.Final.CellsFailed);
        Assert.Equal(Spec.Jobs, r.Final.JobsDone);
        Assert.Contains($"sweep {Spec.Name} finished: {Spec.Cells} cells done, 0 failed", r.Output);
        Assert.All(r.Results.RoundRows, row => Assert.True(row.TrainSeconds > 0, $"train_seconds {row.TrainSeconds}"));
        Assert.True(File.Exists(SweepLayout.ManifestPath(r.SweepDir)), "manifest.json missing");

        await InWorkspace("reference-status", async ws =>
        {
            var (code, text) = await StatusAsync(ws, r.Config);
            Assert.True(code == 0, text);
            Assert.Contains($"{Spec.Cells}/{Spec.Cells} cells done, 0 failed; finished", text);
        });
    }

    /// <summary>2. Seed + two 1-slot workers; one worker is SIGKILLed while it trains; the sweep completes with R0's results.</summary>
    [SkippableFact]
    public async Task KilledWorkerDoesNotChangeTheResults()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        await InWorkspace("worker-kill", async ws =>
        {
            string results = ws.File("results");
            string config = Spec.Write(ws.File("sweep.conf"), results);
            var (seedArgs, seedAddress) = SeedArgs(config);

            using var seed = CliProcess.Start("seed", ws.Path, seedArgs);
            await WaitForSeedAddressAsync(seed);
            using var w1 = StartWorker(ws, "worker-1", seedAddress);
            using var w2 = StartWorker(ws, "worker-2", seedAddress);

            var before = await seed.WaitForProgressAsync(p => p.Trainers >= 2 && p.JobsDone >= 4 && !p.Finished, SweepTimeout,
                "progress from both workers with some jobs done");
            w1.Kill();
            Output.WriteLine($"killed worker-1 at: {before}");

            await ExpectExitAsync(seed, 0, SweepTimeout);
            await ExpectExitAsync(w2, 0, TimeSpan.FromMinutes(2));
            var final = seed.LastProgress;
            Assert.True(final is { } f && f.CellsDone == Spec.Cells && f.CellsFailed == 0, seed.Tail());
            SweepResults.Read(Path.Combine(results, Spec.Name)).AssertSameAs(r.Results, "seed + workers, one worker killed");
        });
    }

    /// <summary>3. The seed (coordinator + journal) is SIGKILLed mid-sweep and restarted with the same command; the
    /// workers keep running, rejoin by themselves, and the sweep completes with R0's results.</summary>
    [SkippableFact]
    public async Task KilledCoordinatorResumesWithTheSameResults()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        await InWorkspace("seed-kill", async ws =>
        {
            string results = ws.File("results");
            string sweepDir = Path.Combine(results, Spec.Name);
            string config = Spec.Write(ws.File("sweep.conf"), results);
            var (seedArgs, seedAddress) = SeedArgs(config);

            using var seed = CliProcess.Start("seed-1", ws.Path, seedArgs);
            await WaitForSeedAddressAsync(seed);
            using var w1 = StartWorker(ws, "worker-1", seedAddress);
            using var w2 = StartWorker(ws, "worker-2", seedAddress);

            var before = await seed.WaitForProgressAsync(p => p.Trainers >= 2 && p.JobsDone > 0 && !p.Finished, SweepTimeout,
                "progress from both workers");
            long persisted = await new JournalProbe(Spec.Name, sweepDir, null).WaitForCellEventsAsync(2, seed, SweepTimeout);
            seed.Kill();
            Output.WriteLine($"killed the seed with {persisted} of {Spec.Cells * Spec.Rounds} rounds persisted; last progress line: {before}");
            Assert.False(File.Exists(SweepLayout.RoundsPath(sweepDir)), "rounds.parquet exists: the sweep had finished before the kill");

            using var seed2 = await RestartSeedAsync(ws, "seed-2", seedArgs);
            await ExpectExitAsync(seed2, 0, SweepTimeout);
            await ExpectExitAsync(w1, 0, TimeSpan.FromMinutes(2));
            await ExpectExitAsync(w2, 0, TimeSpan.FromMinutes(2));
            foreach (var w in new[] { w1, w2 })
                Assert.True(w.Output.Contains("rejoining", StringComparison.Ordinal), $"{w.Name} did not report a rejoin\n{w.Tail()}");
            var final = seed2.LastProgress;
            Assert.True(final is { } f && f.CellsDone == Spec.Cells && f.CellsFailed == 0, seed2.Tail());
            Assert.True(final!.JobsDone < Spec.Jobs, $"the restarted seed ran {final.JobsDone} of {Spec.Jobs} jobs: it did not resume persisted rounds");
            SweepResults.Read(sweepDir).AssertSameAs(r.Results, "seed killed and restarted");
        });
    }

    /// <summary>4. Single node: <c>run</c> SIGKILLed mid-sweep, <c>status</c> shows it unfinished, the same command resumes
    /// it to R0's results; a changed config is then refused with exit 2 naming the config hash.</summary>
    [SkippableFact]
    public async Task KilledRunResumesAndAChangedConfigIsRefused()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        await InWorkspace("run-kill", async ws =>
        {
            string results = ws.File("results");
            string sweepDir = Path.Combine(results, Spec.Name);
            string config = Spec.Write(ws.File("sweep.conf"), results);

            await KillMidSweepAndResumeAsync(ws, config, sweepDir, Spec, r.Results, "run killed and rerun");

            string changed = (Spec with { Rounds = Spec.Rounds + 1 }).Write(ws.File("changed.conf"), results);
            using var refused = CliProcess.Start("run-changed", ws.Path, "run", "--config", changed, "--slots", "2");
            await ExpectExitAsync(refused, 2, StartTimeout);
            Assert.True(refused.Lines.Any(l => l.Contains("config hash", StringComparison.Ordinal)),
                $"the refusal does not mention the config hash\n{refused.Tail()}");
            SweepResults.Read(sweepDir).AssertSameAs(r.Results, "after the refused run");
        });
    }

    /// <summary>5. A model that fails every job: exit 4, <c>status</c> lists the failed cells with their error, and the
    /// healthy cells' results are present (and equal R0's, since cells draw from independent streams).</summary>
    [SkippableFact]
    public async Task AlwaysFailingModelFailsOnlyItsCells()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        var spec = Spec with { Name = "proc-fail", Models = ["et", "always-fail"], Repeats = 1 };
        await InWorkspace("always-fail", async ws =>
        {
            string results = ws.File("results");
            string config = spec.Write(ws.File("sweep.conf"), results);
            using var run = CliProcess.Start("run", ws.Path, "run", "--config", config, "--slots", "2");
            await ExpectExitAsync(run, 4, SweepTimeout);
            int failing = spec.Methods.Length * spec.Repeats;
            Assert.Contains($"sweep {spec.Name} finished: {spec.Cells - failing} cells done, {failing} failed", run.Output);

            var (code, text) = await StatusAsync(ws, config);
            Assert.True(code == 0, text);
            Assert.Contains($"{spec.Cells - failing}/{spec.Cells} cells done, {failing} failed; finished", text);
            foreach (var method in spec.Methods)
            {
                var line = text.Split('\n').FirstOrDefault(l => l.StartsWith($"failed: wall-robot|{method}|always-fail|0: ", StringComparison.Ordinal));
                Assert.True(line is not null, $"status lists no failed always-fail cell for {method}\n{text}");
                Assert.Contains("fails every job", line);
            }
            Assert.DoesNotContain("failed: wall-robot|random|et|", text);

            var got = SweepResults.Read(Path.Combine(results, spec.Name));
            Assert.DoesNotContain(got.RoundRows, row => row.Model == "always-fail");
            Assert.Equal(spec.Methods.Length * spec.Rounds, got.Rounds.Length);
            got.AssertSameAs(r.Results.Where((model, _, repeat) => model == "et" && repeat == 0), "et cells of the sweep with failing cells");
        });
    }

    /// <summary>6. The resume test on a PostgreSQL journal (ACTIVELAB_TEST_POSTGRES), with a unique sweep name.</summary>
    [SkippableFact]
    public async Task KilledRunResumesOnPostgreSql()
    {
        ProcessTestGate.Require();
        string? cs = Environment.GetEnvironmentVariable(ProcessTestGate.PostgresVariable);
        Skip.If(string.IsNullOrWhiteSpace(cs),
            $"no PostgreSQL: set {ProcessTestGate.PostgresVariable} to an Npgsql connection string, e.g. " +
            "Host=127.0.0.1;Port=5432;Username=activelab;Password=activelab;Database=activelab (.ci/run starts one)");
        var r = await Reference.GetAsync();
        var spec = Spec with { Name = "proc-pg-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6], Postgres = cs };
        await InWorkspace("postgres", async ws =>
        {
            string results = ws.File("results");
            string config = spec.Write(ws.File("sweep.conf"), results);
            Output.WriteLine($"sweep {spec.Name} on {Regex.Replace(cs!, "Password=[^;]*", "Password=***")}");
            try
            {
                await KillMidSweepAndResumeAsync(ws, config, Path.Combine(results, spec.Name), spec, r.Results, "PostgreSQL journal: run killed and rerun");
                Assert.False(File.Exists(SweepLayout.JournalPath(Path.Combine(results, spec.Name))), "a SQLite journal was written although the config names PostgreSQL");
                // The connection string's password is in no file the sweep wrote (manifest.json keeps the config redacted).
                string password = Regex.Match(cs!, "Password=([^;]*)", RegexOptions.IgnoreCase).Groups[1].Value;
                Assert.Contains("Password=***", File.ReadAllText(SweepLayout.ManifestPath(Path.Combine(results, spec.Name))));
                foreach (var file in Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories))
                    Assert.False(File.ReadAllText(file).Contains("Password=" + password, StringComparison.OrdinalIgnoreCase), $"{file} holds the password");
            }
            finally
            {
                await new JournalProbe(spec.Name, "", cs).DeleteSweepRowsAsync();
            }
        });
    }

    /// <summary><c>run</c>, SIGKILL once a round is persisted, <c>status</c> (unfinished), the same <c>run</c> again (resumes), compare.</summary>
    private async Task KillMidSweepAndResumeAsync(Workspace ws, string config, string sweepDir, SweepSpec spec, SweepResults expected, string what)
    {
        var probe = new JournalProbe(spec.Name, sweepDir, spec.Postgres);
        int rounds = spec.Cells * spec.Rounds;
        using (var run1 = CliProcess.Start("run-1", ws.Path, "run", "--config", config, "--slots", "2"))
        {
            // Kill as soon as a few rounds are durable (the progress line is printed only every 2 s: too coarse here).
            long persisted = await probe.WaitForCellEventsAsync(3, run1, SweepTimeout);
            run1.Kill();
            Output.WriteLine($"killed run-1 with {persisted} of {rounds} rounds persisted (then {await probe.CellEventsAsync()})");
        }
        Assert.False(File.Exists(SweepLayout.RoundsPath(sweepDir)), "rounds.parquet exists: the sweep had finished before the kill");

        var (code, text) = await StatusAsync(ws, config, "status-after-kill");
        Assert.True(code == 0, text);
        var m = Regex.Match(text, @"(\d+)/(\d+) cells done, (\d+) failed");
        Assert.True(m.Success, $"status printed no summary\n{text}");
        Assert.True(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) < spec.Cells, $"status after the kill shows every cell done\n{text}");
        Assert.DoesNotContain("; finished", text);

        using var run2 = CliProcess.Start("run-2", ws.Path, "run", "--config", config, "--slots", "2");
        await ExpectExitAsync(run2, 0, SweepTimeout);
        var final = run2.LastProgress;
        Assert.True(final is { } f && f.CellsDone == spec.Cells && f.CellsFailed == 0, run2.Tail());
        Assert.True(final!.JobsDone < spec.Jobs, $"the rerun ran {final.JobsDone} of {spec.Jobs} jobs: it did not resume persisted rounds");
        Assert.Equal(rounds, await probe.CellEventsAsync()); // every round persisted exactly once across both runs
        SweepResults.Read(sweepDir).AssertSameAs(expected, what);
    }
}
