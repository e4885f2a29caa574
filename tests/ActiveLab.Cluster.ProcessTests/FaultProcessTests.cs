using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ActiveLab.Results;
using Npgsql;
using Xunit.Abstractions;

namespace ActiveLab.Cluster.ProcessTests;

/// <summary>
/// Faults other than SIGKILL: a journal that is down or restarts, a full disk, a truncated part file, SIGTERM to
/// <c>run</c>, <c>seed</c> and <c>worker</c>, a second writer on the same sweep, a worker frozen with SIGSTOP past its
/// lease. Each sweep that completes must equal the uninterrupted reference run (<see cref="ReferenceSweep"/>).
/// The standard sweep takes a few seconds, so the tests act on what the journal shows (<see cref="JournalProbe"/>,
/// polled every 50 ms) rather than on the progress line printed every 2 s, and slow a run down with one slot where
/// they need time to act before it finishes.
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Process")]
public sealed class FaultProcessTests(ReferenceSweep reference, ITestOutputHelper output) : ProcessTestBase(reference, output)
{
    private const string PostgresCtlVariable = "ACTIVELAB_TEST_POSTGRES_CTL";
    private static readonly TimeSpan SignalExitTimeout = TimeSpan.FromSeconds(60);

    private static SweepSpec Spec => ReferenceSweep.Spec;

    /// <summary>1. A PostgreSQL journal on a closed port: exit 5 within 90 s with one error line naming the journal;
    /// the connection string's password appears in no output line and in no file under the results folder.</summary>
    [SkippableFact]
    public async Task JournalDownAtStartExitsFiveWithoutLeakingThePassword()
    {
        ProcessTestGate.Require();
        await InWorkspace("journal-down", async ws =>
        {
            string password = "pw-" + Guid.NewGuid().ToString("N")[..12];
            int port = Cli.FreePort(); // free a moment ago: nothing listens there
            var spec = Spec with
            {
                Name = "proc-nodb",
                Postgres = $"Host=127.0.0.1;Port={port};Username=activelab;Password={password};Database=x",
                UnavailableTimeout = "5s",
            };
            string results = ws.File("results");
            string config = spec.Write(ws.File("sweep.conf"), results);

            using var run = CliProcess.Start("run", ws.Path, "run", "--config", config, "--slots", "2");
            await ExpectExitAsync(run, 5, TimeSpan.FromSeconds(90));
            string error = SingleErrorLine(run);
            Assert.Contains($"the journal (PostgreSQL 127.0.0.1:{port}/x)", error);
            Assert.Contains("unavailable", error);

            Assert.DoesNotContain(run.Lines, l => l.Contains(password, StringComparison.Ordinal));
            if (Directory.Exists(results))
                foreach (string file in Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories))
                    Assert.False(Encoding.UTF8.GetString(File.ReadAllBytes(file)).Contains(password, StringComparison.Ordinal),
                        $"{file} contains the journal's password");
            Assert.False(File.Exists(SweepLayout.RoundsPath(Path.Combine(results, spec.Name))), "rounds.parquet written without a journal");
        });
    }

    /// <summary>2. PostgreSQL stopped for ~8 s mid-sweep (unavailable-timeout 2m): the run rides it out and exits 0 with
    /// R0's results. Needs ACTIVELAB_TEST_POSTGRES and ACTIVELAB_TEST_POSTGRES_CTL ("VERSION CLUSTER" of pg_ctlcluster).</summary>
    [SkippableFact]
    public async Task PostgreSqlRestartMidSweepIsRiddenOut()
    {
        ProcessTestGate.Require();
        string? cs = Environment.GetEnvironmentVariable(ProcessTestGate.PostgresVariable);
        string? ctl = Environment.GetEnvironmentVariable(PostgresCtlVariable);
        Skip.If(string.IsNullOrWhiteSpace(cs) || string.IsNullOrWhiteSpace(ctl),
            $"restarting PostgreSQL needs {ProcessTestGate.PostgresVariable} (an Npgsql connection string) and {PostgresCtlVariable} " +
            "(the VERSION CLUSTER arguments of pg_ctlcluster, e.g. \"15 main\"); .ci/run sets both when it starts PostgreSQL");
        var r = await Reference.GetAsync();
        var spec = Spec with
        {
            Name = "proc-pgrestart-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6],
            Postgres = cs,
            UnavailableTimeout = "2m",
        };
        var probe = new JournalProbe(spec.Name, "", cs);
        await InWorkspace("pg-restart", async ws =>
        {
            string results = ws.File("results");
            string sweepDir = Path.Combine(results, spec.Name);
            string config = spec.Write(ws.File("sweep.conf"), results);
            bool stopped = false;
            try
            {
                // One slot: the sweep lasts long enough to stop the database in the middle of it.
                using var run = CliProcess.Start("run", ws.Path, "run", "--config", config, "--slots", "1");
                long persisted = await probe.WaitForCellEventsAsync(2, run, SweepTimeout);
                await PgCtlAsync(ctl!, "stop");
                stopped = true;
                Output.WriteLine($"PostgreSQL stopped with {persisted} of {spec.Cells * spec.Rounds} rounds persisted");
                Assert.False(File.Exists(SweepLayout.RoundsPath(sweepDir)), "rounds.parquet exists: the sweep finished before PostgreSQL stopped");
                await Task.Delay(TimeSpan.FromSeconds(8));
                Assert.False(run.HasExited, $"the run ended during an 8 s outage of a 2 min window\n{run.Tail()}");
                await PgCtlAsync(ctl!, "start");
                stopped = false;
                NpgsqlConnection.ClearAllPools(); // the probe's pooled connections died with the server

                await ExpectExitAsync(run, 0, SweepTimeout);
                Assert.DoesNotContain(run.Lines, l => l.StartsWith("[stderr] error:", StringComparison.Ordinal));
                Assert.Equal(spec.Cells * spec.Rounds, await probe.CellEventsAsync()); // every round persisted once
                SweepResults.Read(sweepDir).AssertSameAs(r.Results, "PostgreSQL restarted mid-sweep");
            }
            finally
            {
                if (stopped)
                {
                    await PgCtlAsync(ctl!, "start");
                    NpgsqlConnection.ClearAllPools();
                }
                await probe.DeleteSweepRowsAsync();
            }
        });
    }

    /// <summary>3. The results folder is a small tmpfs that fills mid-sweep (unavailable-timeout 5s): a non-zero exit
    /// with one clear error line and no rounds.parquet; the sweep folder copied to a roomy disk then resumes to R0.</summary>
    [SkippableFact]
    public async Task FullDiskStopsTheRunAndACopyResumes()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        await InWorkspace("disk-full", async ws =>
        {
            string small = ws.File("small");
            Directory.CreateDirectory(small);
            // 400 KB: the journal (~300 KB for the whole sweep, plus its WAL) and the first parts fill it mid-sweep.
            var (mountCode, mountText) = await ToolAsync("mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", small);
            Skip.If(mountCode != 0, $"cannot mount a tmpfs to fill (needs root or CAP_SYS_ADMIN): mount exited {mountCode}: {mountText}");
            try
            {
                var spec = Spec with { UnavailableTimeout = "5s" };
                string config = spec.Write(ws.File("sweep.conf"), small);
                string fullDir = Path.Combine(small, spec.Name);
                using (var run1 = CliProcess.Start("run-1", ws.Path, "run", "--config", config, "--slots", "2"))
                {
                    int code = await run1.WaitForExitAsync(TimeSpan.FromSeconds(120));
                    Assert.True(code is 5 or 1, $"a full disk: exit {code}, expected 5 (or 1 for a failed compaction)\n{run1.Tail()}");
                    string error = SingleErrorLine(run1);
                    Assert.Matches(code == 5 ? "(journal|results folder).*unavailable" : "rounds.parquet", error);
                    Output.WriteLine($"exit {code}: {error}");
                }
                Assert.False(File.Exists(SweepLayout.RoundsPath(fullDir)), "rounds.parquet written on a full disk");

                string roomy = ws.File("results");
                CopyDirectory(fullDir, Path.Combine(roomy, spec.Name));
                using var run2 = CliProcess.Start("run-2", ws.Path, "run", "--config", config, "--slots", "2", "--results-dir", roomy);
                await ExpectExitAsync(run2, 0, SweepTimeout);
                SweepResults.Read(Path.Combine(roomy, spec.Name)).AssertSameAs(r.Results, "copied from a full disk and resumed");
            }
            finally
            {
                var (code, text) = await ToolAsync("umount", small);
                if (code != 0) await ToolAsync("umount", "-l", small);
                Output.WriteLine(code == 0 ? "tmpfs unmounted" : $"umount: {text} (lazy unmount tried)");
            }
        });
    }

    /// <summary>4. <c>run</c> SIGKILLed once a part file exists; one part truncated to half its size; the rerun sets it
    /// aside, rewrites every row from the journal and exits 0 with R0's results.</summary>
    [SkippableFact]
    public async Task TruncatedPartFileDoesNotBlockTheRerun()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        await InWorkspace("part-truncated", async ws =>
        {
            string results = ws.File("results");
            string sweepDir = Path.Combine(results, Spec.Name);
            string config = Spec.Write(ws.File("sweep.conf"), results);
            var probe = new JournalProbe(Spec.Name, sweepDir, null);
            string parts = SweepLayout.PartsDirectory(sweepDir);
            using (var run1 = CliProcess.Start("run-1", ws.Path, "run", "--config", config, "--slots", "1"))
            {
                await probe.WaitForCellEventsAsync(3, run1, SweepTimeout);
                await WaitUntilAsync(() => PartFiles(parts).Length > 0, run1, SweepTimeout, "a part file under parts/");
                run1.Kill();
            }
            Assert.False(File.Exists(SweepLayout.RoundsPath(sweepDir)), "rounds.parquet exists: the sweep had finished before the kill");
            string part = PartFiles(parts).OrderByDescending(f => new FileInfo(f).Length).First();
            long size = new FileInfo(part).Length;
            using (var stream = new FileStream(part, FileMode.Open, FileAccess.Write)) stream.SetLength(size / 2);
            Output.WriteLine($"truncated {Path.GetFileName(part)} from {size} to {size / 2} bytes");

            using var run2 = CliProcess.Start("run-2", ws.Path, "run", "--config", config, "--slots", "2");
            await ExpectExitAsync(run2, 0, SweepTimeout);
            SweepResults.Read(sweepDir).AssertSameAs(r.Results, "rerun after a truncated part file");
        });
    }

    /// <summary>5. Seed + workers with a 10-minute lease: worker-1, alone and training, gets SIGTERM; it hands its
    /// leases back and exits 3 within 15 s, worker-2 takes the jobs at once, and the sweep completes long before any
    /// lease could have expired, with R0's results.</summary>
    [SkippableFact]
    public async Task SigtermedWorkerHandsItsJobsBack()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        var spec = Spec with { LeaseTimeout = "10m" };
        await InWorkspace("worker-sigterm", async ws =>
        {
            string results = ws.File("results");
            string sweepDir = Path.Combine(results, spec.Name);
            string config = spec.Write(ws.File("sweep.conf"), results);
            var (seedArgs, seedAddress) = SeedArgs(config);
            using var seed = CliProcess.Start("seed", ws.Path, seedArgs);
            await WaitForSeedAddressAsync(seed);
            using var w1 = StartWorker(ws, "worker-1", seedAddress);
            // worker-1 is the only trainer: while rounds are being persisted it holds a lease nearly all the time.
            long persisted = await new JournalProbe(spec.Name, sweepDir, null).WaitForCellEventsAsync(2, seed, SweepTimeout);
            var signalled = DateTime.UtcNow;
            w1.Signal(CliProcess.SIGTERM);
            using var w2 = StartWorker(ws, "worker-2", seedAddress);
            Output.WriteLine($"SIGTERM to worker-1 with {persisted} of {spec.Cells * spec.Rounds} rounds persisted");

            await ExpectExitAsync(w1, 3, TimeSpan.FromSeconds(15));
            Assert.Contains(w1.Lines, l => l.StartsWith("interrupted (SIGTERM): handing back leases", StringComparison.Ordinal));
            // A lease left behind would hold its cell for 10 minutes; 3 minutes is plenty for the rest of the sweep.
            await ExpectExitAsync(seed, 0, TimeSpan.FromMinutes(3));
            Output.WriteLine($"the sweep completed {(DateTime.UtcNow - signalled).TotalSeconds:0.0} s after the SIGTERM (lease timeout 10 min)");
            await ExpectExitAsync(w2, 0, TimeSpan.FromMinutes(2));
            SweepResults.Read(sweepDir).AssertSameAs(r.Results, "worker SIGTERMed");
        });
    }

    /// <summary>6. Seed SIGTERMed mid-sweep: it exits 3 with the resume message; the worker does not take that for the
    /// end of the sweep and keeps rejoining; the same seed command then completes the sweep, the worker exits 0, R0.</summary>
    [SkippableFact]
    public async Task SigtermedSeedResumesAndTheWorkerWaitsForIt()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        await InWorkspace("seed-sigterm", async ws =>
        {
            string results = ws.File("results");
            string sweepDir = Path.Combine(results, Spec.Name);
            string config = Spec.Write(ws.File("sweep.conf"), results);
            var (seedArgs, seedAddress) = SeedArgs(config);
            using var seed1 = CliProcess.Start("seed-1", ws.Path, seedArgs);
            await WaitForSeedAddressAsync(seed1);
            using var worker = StartWorker(ws, "worker", seedAddress);
            long persisted = await new JournalProbe(Spec.Name, sweepDir, null).WaitForCellEventsAsync(2, seed1, SweepTimeout);
            seed1.Signal(CliProcess.SIGTERM);
            await ExpectExitAsync(seed1, 3, SignalExitTimeout);
            Output.WriteLine($"seed SIGTERMed with {persisted} of {Spec.Cells * Spec.Rounds} rounds persisted");
            Assert.Contains(seed1.Lines, l => l.Contains("interrupted (SIGTERM): progress is saved; run the same command again to resume", StringComparison.Ordinal));
            Assert.False(File.Exists(SweepLayout.RoundsPath(sweepDir)), "rounds.parquet exists: the sweep had finished before the SIGTERM");

            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.False(worker.HasExited, $"the worker exited while the unfinished sweep's seed was away\n{worker.Tail()}");

            using var seed2 = await RestartSeedAsync(ws, "seed-2", seedArgs);
            await ExpectExitAsync(seed2, 0, SweepTimeout);
            await ExpectExitAsync(worker, 0, TimeSpan.FromMinutes(2));
            SweepResults.Read(sweepDir).AssertSameAs(r.Results, "seed SIGTERMed and restarted");
        });
    }

    /// <summary>7. A second <c>run</c> of the same sweep while the first runs: exit 2 within 30 s naming the first's
    /// pid; the first completes unharmed with R0's results and is still the recorded lock owner.</summary>
    [SkippableFact]
    public async Task SecondRunOfTheSameSweepIsRefused()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        await InWorkspace("two-runs", async ws =>
        {
            string results = ws.File("results");
            string sweepDir = Path.Combine(results, Spec.Name);
            string config = Spec.Write(ws.File("sweep.conf"), results);
            using var a = CliProcess.Start("run-a", ws.Path, "run", "--config", config, "--slots", "1");
            await new JournalProbe(Spec.Name, sweepDir, null).WaitForCellEventsAsync(1, a, SweepTimeout);

            using var b = CliProcess.Start("run-b", ws.Path, "run", "--config", config, "--slots", "1");
            await ExpectExitAsync(b, 2, TimeSpan.FromSeconds(30));
            string error = SingleErrorLine(b);
            Assert.Contains($"sweep '{Spec.Name}' is already being run by process {a.Id} on ", error);
            Assert.False(a.HasExited && a.ExitCode != 0, $"run A ended when B was refused\n{a.Tail()}");

            await ExpectExitAsync(a, 0, SweepTimeout);
            Assert.StartsWith($"process {a.Id} ", File.ReadAllText(Path.Combine(sweepDir, ".activelab.lock.owner")));
            SweepResults.Read(sweepDir).AssertSameAs(r.Results, "run A beside a refused run B");
        });
    }

    /// <summary>8. worker-1, alone and training, is frozen with SIGSTOP past its 4 s lease; worker-2 takes its jobs;
    /// worker-1 is continued (SIGCONT) and its late results, under expired leases, are ignored: exit 0, R0.</summary>
    [SkippableFact]
    public async Task FrozenWorkerPastItsLeaseDoesNotChangeTheResults()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        var spec = Spec with { LeaseTimeout = "4s", Heartbeat = "1s" };
        await InWorkspace("worker-sigstop", async ws =>
        {
            string results = ws.File("results");
            string sweepDir = Path.Combine(results, spec.Name);
            string config = spec.Write(ws.File("sweep.conf"), results);
            var probe = new JournalProbe(spec.Name, sweepDir, null);
            var (seedArgs, seedAddress) = SeedArgs(config);
            using var seed = CliProcess.Start("seed", ws.Path, seedArgs);
            await WaitForSeedAddressAsync(seed);
            using var w1 = StartWorker(ws, "worker-1", seedAddress);
            long atStop = await probe.WaitForCellEventsAsync(2, seed, SweepTimeout);
            w1.Signal(CliProcess.SIGSTOP);
            var stoppedAt = DateTime.UtcNow;
            using var w2 = StartWorker(ws, "worker-2", seedAddress);

            // Past the lease (4 s), and until worker-2 has moved the sweep on (or 10 s).
            await Task.Delay(TimeSpan.FromSeconds(6));
            while (DateTime.UtcNow - stoppedAt < TimeSpan.FromSeconds(10) && await probe.CellEventsAsync() < atStop + 3 && !seed.HasExited)
                await Task.Delay(200);
            long atCont = await probe.CellEventsAsync();
            w1.Signal(CliProcess.SIGCONT);
            Output.WriteLine($"worker-1 frozen {(DateTime.UtcNow - stoppedAt).TotalSeconds:0.0} s; rounds persisted {atStop} -> {atCont} of {spec.Cells * spec.Rounds}");

            await ExpectExitAsync(seed, 0, SweepTimeout);
            var final = seed.LastProgress;
            Assert.True(final is { } f && f.CellsDone == spec.Cells && f.CellsFailed == 0, seed.Tail());
            Assert.Equal(spec.Cells * spec.Rounds, await probe.CellEventsAsync()); // no round persisted twice
            SweepResults.Read(sweepDir).AssertSameAs(r.Results, "worker frozen past its lease");
            foreach (var w in new[] { w1, w2 })
            {
                string outcome;
                try
                {
                    outcome = $"exit {await w.WaitForExitAsync(TimeSpan.FromSeconds(60))}";
                }
                catch (TimeoutException)
                {
                    outcome = "still running after 60 s (killed)";
                }
                Output.WriteLine($"{w.Name}: {outcome}");
            }
        });
    }

    /// <summary>9. <c>run</c> SIGTERMed mid-sweep: exit 3 with the resume message and no rounds.parquet; the same command
    /// resumes (fewer jobs than the whole sweep) to R0's results.</summary>
    [SkippableFact]
    public async Task SigtermedRunExitsThreeAndResumes()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        await InWorkspace("run-sigterm", async ws =>
        {
            string results = ws.File("results");
            string sweepDir = Path.Combine(results, Spec.Name);
            string config = Spec.Write(ws.File("sweep.conf"), results);
            using (var run1 = CliProcess.Start("run-1", ws.Path, "run", "--config", config, "--slots", "1"))
            {
                await new JournalProbe(Spec.Name, sweepDir, null).WaitForCellEventsAsync(3, run1, SweepTimeout);
                run1.Signal(CliProcess.SIGTERM);
                await ExpectExitAsync(run1, 3, SignalExitTimeout);
                Assert.Contains(run1.Lines, l => l == "interrupted (SIGTERM): progress is saved; run the same command again to resume");
                Assert.DoesNotContain(run1.Lines, l => l.StartsWith("[stderr] ", StringComparison.Ordinal) && l.Trim().Length > "[stderr]".Length);
            }
            Assert.False(File.Exists(SweepLayout.RoundsPath(sweepDir)), "rounds.parquet exists: the sweep had finished before the SIGTERM");

            using var run2 = CliProcess.Start("run-2", ws.Path, "run", "--config", config, "--slots", "2");
            await ExpectExitAsync(run2, 0, SweepTimeout);
            var final = run2.LastProgress;
            Assert.True(final is { } f && f.CellsDone == Spec.Cells && f.JobsDone < Spec.Jobs,
                $"the rerun did not resume persisted rounds ({final})\n{run2.Tail()}");
            SweepResults.Read(sweepDir).AssertSameAs(r.Results, "run SIGTERMed and rerun");
        });
    }

    private static string[] PartFiles(string partsDir) =>
        Directory.Exists(partsDir)
            ? Directory.GetFiles(partsDir).Where(f => Regex.IsMatch(Path.GetFileName(f), @"^(rounds|labels)-.*\.parquet$")).ToArray()
            : [];

    private static async Task WaitUntilAsync(Func<bool> condition, CliProcess process, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (process.HasExited) throw new TimeoutException($"{process.Name} exited before {what}\n{process.Tail()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0} s\n{process.Tail()}");
            await Task.Delay(50);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    private static async Task PgCtlAsync(string ctl, string action)
    {
        var (code, text) = await ToolAsync("pg_ctlcluster", [.. ctl.Split(' ', StringSplitOptions.RemoveEmptyEntries), action]);
        Assert.True(code == 0, $"pg_ctlcluster {ctl} {action} exited {code}: {text}");
    }

    /// <summary>Runs a system tool (mount, pg_ctlcluster) for at most a minute; returns its exit code and output.</summary>
    private static async Task<(int Code, string Output)> ToolAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, $"{tool}: {e.Message}");
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                return (124, $"{tool} took more than a minute");
            }
            return (p.ExitCode, (await stdout + await stderr).Trim());
        }
    }
}
