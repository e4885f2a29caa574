using Xunit.Abstractions;

namespace ActiveLab.Cluster.ProcessTests;

/// <summary>
/// Settings from environment variables (how containers are configured), through real processes: a config key
/// (<c>ACTIVELAB__SECTION__KEY</c>) replaces the file's value and is recorded in the manifest; a flag
/// (<c>ACTIVELAB__FLAG</c>) acts as if typed; a misspelt variable is refused before anything is written.
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", "Process")]
public sealed class EnvironmentProcessTests(ReferenceSweep reference, ITestOutputHelper output) : ProcessTestBase(reference, output)
{
    private static SweepSpec Spec => ReferenceSweep.Spec;

    [SkippableFact]
    public async Task ConfigKeyAndFlagFromTheEnvironmentDriveTheRun()
    {
        ProcessTestGate.Require();
        var r = await Reference.GetAsync();
        await InWorkspace("env-run", async ws =>
        {
            string fileResults = ws.File("results-from-file");
            string envResults = ws.File("results-from-env");
            string config = Spec.Write(ws.File("sweep.conf"), fileResults);
            using var run = CliProcess.StartWith(new Dictionary<string, string>
            {
                ["ACTIVELAB__SWEEP__RESULTS_DIR"] = envResults,
                ["ACTIVELAB__SLOTS"] = "1",
                ["ACTIVELAB__SEED"] = "akka.tcp://activelab@127.0.0.1:1", // a worker's flag: ignored by run
            }, "run", ws.Path, "run", "--config", config);
            await ExpectExitAsync(run, 0, SweepTimeout);
            Assert.Contains(run.Lines, l => l.Contains("1 training slot(s)", StringComparison.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(fileResults, Spec.Name)), "the file's results-dir was used");
            string sweepDir = Path.Combine(envResults, Spec.Name);
            SweepResults.Read(sweepDir).AssertSameAs(r.Results, "results-dir from ACTIVELAB__SWEEP__RESULTS_DIR");
            Assert.Contains("ACTIVELAB__SWEEP__RESULTS_DIR", File.ReadAllText(Path.Combine(sweepDir, "manifest.json")));
        });
    }

    [SkippableFact]
    public async Task MisspeltVariablesAreRefusedBeforeAnythingIsWritten()
    {
        ProcessTestGate.Require();
        await InWorkspace("env-bad", async ws =>
        {
            string results = ws.File("results");
            string config = Spec.Write(ws.File("sweep.conf"), results);
            using (var run = CliProcess.StartWith(new Dictionary<string, string> { ["ACTIVELAB__SWEEP__ROUNS"] = "2" }, "run", ws.Path, "run", "--config", config))
            {
                await ExpectExitAsync(run, 2, TimeSpan.FromSeconds(60));
                Assert.Contains("environment variable ACTIVELAB__SWEEP__ROUNS names no setting (did you mean ACTIVELAB__SWEEP__ROUNDS?)", SingleErrorLine(run));
            }
            using (var run = CliProcess.StartWith(new Dictionary<string, string> { ["ACTIVELAB__SLTOS"] = "2" }, "run-flag", ws.Path, "run", "--config", config))
            {
                await ExpectExitAsync(run, 2, TimeSpan.FromSeconds(60));
                Assert.Contains("environment variable ACTIVELAB__SLTOS names no option of run, seed, worker or status (did you mean ACTIVELAB__SLOTS?)", SingleErrorLine(run));
            }
            Assert.False(Directory.Exists(results), "a refused run wrote results");

            using var worker = CliProcess.StartWith(new Dictionary<string, string> { ["ACTIVELAB__PUBLIC_HOST"] = "0.0.0.0" }, "worker", ws.Path,
                "worker", "--seed", "akka.tcp://activelab@127.0.0.1:1");
            await ExpectExitAsync(worker, 2, TimeSpan.FromSeconds(60));
            Assert.Contains("--public-host 0.0.0.0 is a wildcard", SingleErrorLine(worker));
        });
    }
}
