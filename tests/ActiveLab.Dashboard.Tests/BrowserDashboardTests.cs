using System.Globalization;
using System.Text.Json;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;
using ActiveLab.Models;
using ActiveLab.Results;
using Microsoft.Playwright;

namespace ActiveLab.Dashboard.Tests;

/// <summary>
/// The dashboard of a real sweep (one node with both roles, as <c>activelab run</c> starts it: SQLite journal, Parquet
/// parts, Kestrel on a real port) watched through Debian's Chromium, headless, driven by Playwright.
/// </summary>
public sealed class BrowserDashboardTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumFlags =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    [SkippableFact]
    public async Task The_page_lists_the_nodes_follows_the_cells_and_ends_with_the_curves_of_rounds_parquet()
    {
        Skip.IfNot(File.Exists(Chromium), $"Debian's Chromium is not installed ({Chromium} missing): apt-get install -y chromium");
        string results = TestPaths.TempDir();
        try
        {
            var config = SweepConfig.Parse("""
                activelab.sweep {
                  name = browser
                  seed = 7
                  datasets = [wall-robot]
                  methods = [random, crowdlab]
                  models = [et]
                  repeats = 2
                  rounds = 4
                  batch-size = 30
                }
                activelab.cluster { lease-timeout = 20s, heartbeat-interval = 1s }
                """, "browser.conf", TestPaths.Data, results);
            var datasets = new DatasetRegistry(config.DataDir);
            int port = TestPaths.FreePort();

            // Started in the order of `activelab run`: dashboard, node, coordinator; the trainer only once the browser
            // has seen every cell at its first round, so the test sees the cells change.
            await using var dashboard = await SweepDashboard.StartAsync(new DashboardOptions("127.0.0.1", port), config.Name);
            await using var node = SweepNode.Start(new NodeOptions("127.0.0.1", 0, [],
                [NodeOptions.CoordinatorRole, NodeOptions.TrainerRole, NodeOptions.DeviceRole("cpu")]), config);
            var pace = new SweepPace();
            var (listener, outcome) = node.Listen(s => pace.Observe(s, DateTime.UtcNow));
            node.StartCoordinator(config, datasets, listener);
            dashboard.Attach(node, config, pace);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ChromiumFlags });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
            await page.GotoAsync($"http://127.0.0.1:{port}/");

            // The node: its address, roles, device.
            var row = page.Locator($"tr.node[data-address='{node.Address}']");
            await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            Assert.Contains("coordinator, trainer", await row.InnerTextAsync());
            Assert.Contains("cpu", await row.InnerTextAsync());
            Assert.Equal("up", await row.GetAttributeAsync("data-status"));
            await Assertions.Expect(page.Locator("td.cell[data-rounds-done='0']")).ToHaveCountAsync(4, new() { Timeout = 30_000 });

            node.StartTrainer(node.CoordinatorProxy(), new TrainingJobExecutor(datasets, new PacedModels(TimeSpan.FromMilliseconds(80)), node.Address),
                1, config.HeartbeatInterval);

            // Cell states as the page shows them, read while the sweep runs: every cell must be seen to move on.
            var seen = new Dictionary<string, List<string>>();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            bool midShot = false;
            while (!outcome.IsCompleted && DateTime.UtcNow < deadline)
            {
                var states = await CellStates(page);
                Record(seen, states);
                // One picture of the sweep under way (cells running, curves growing) for the README.
                if (!midShot && states.Values.Count(v => v == "done") == 1 && states.Values.Any(v => v.StartsWith("running", StringComparison.Ordinal)))
                {
                    await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Results, "dashboard-running.png"), FullPage = true });
                    midShot = true;
                }
                await Task.Delay(150);
            }
            var end = await outcome.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.IsType<ActiveLab.Cluster.Protocol.SweepCompleted>(end);
            await dashboard.RefreshAsync();
            await Assertions.Expect(page.Locator("#sweep-state")).ToHaveAttributeAsync("data-state", "finished", new() { Timeout = 15_000 });
            Record(seen, await CellStates(page));

            Assert.Equal(4, seen.Count);
            // A started cell waits in its first round (pending only while max-active-cells holds it back).
            Assert.All(seen.Values, states => Assert.Contains(states[0], new[] { "pending", "running round 1/4" }));
            Assert.All(seen.Values, states => Assert.Equal("done", states[^1]));
            Assert.Contains(seen.Values, states => states.Count(s => s.StartsWith("running", StringComparison.Ordinal)) >= 2);
            Assert.Equal("4", await page.Locator("#cells-done").InnerTextAsync());
            Assert.Equal("0", await page.Locator("#cells-failed").InnerTextAsync());
            Assert.Equal("done", await page.Locator("#time-left").InnerTextAsync());

            // Curve points on the page = mean and population std over the repeats in rounds.parquet.
            var rows = ParquetTables.ReadRounds(SweepLayout.RoundsPath(config.SweepDir));
            var expected = new SortedDictionary<string, (double Mean, double Std, int Runs)>(StringComparer.Ordinal);
            foreach (var g in rows.GroupBy(r => (r.Dataset, r.Model, r.Method, r.Round)))
            {
                expected[$"{g.Key.Dataset}|{g.Key.Model}|model_accuracy|{g.Key.Method}|{g.Key.Round}"] = MeanStd(g.Select(r => r.ModelAccuracy));
                expected[$"{g.Key.Dataset}|{g.Key.Model}|consensus_accuracy|{g.Key.Method}|{g.Key.Round}"] = MeanStd(g.Select(r => r.ConsensusAccuracy));
            }
            var shown = await CurvePoints(page);
            Assert.Equal(expected.Keys, shown.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(2 * 2 * 4, shown.Count); // 2 metrics × 2 methods × rounds 0..3 (round 0: the initial labels)
            foreach (var (key, e) in expected)
            {
                var s = shown[key];
                Assert.Equal(e.Runs, s.Runs);
                Assert.Equal(2, s.Runs);
                Assert.Equal(e.Mean, s.Mean, 12);
                Assert.Equal(e.Std, s.Std, 12);
            }

            await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Results, "dashboard.png"), FullPage = true });
            Assert.True(new FileInfo(Path.Combine(TestPaths.Results, "dashboard.png")).Length > 10_000);
        }
        finally
        {
            try { Directory.Delete(results, recursive: true); } catch (IOException) { }
        }
    }

    private static (double Mean, double Std, int Runs) MeanStd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length), v.Length);
    }

    private static void Record(Dictionary<string, List<string>> seen, Dictionary<string, string> now)
    {
        foreach (var (cell, state) in now)
        {
            if (!seen.TryGetValue(cell, out var list)) seen[cell] = list = [];
            if (list.Count == 0 || list[^1] != state) list.Add(state);
        }
    }

    /// <summary>Cell id → "pending", "running round r/n", "done" or "failed", as the grid shows it.</summary>
    private static async Task<Dictionary<string, string>> CellStates(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            "() => Array.from(document.querySelectorAll('td.cell')).map(td => [td.dataset.cell, td.dataset.state === 'running' ? 'running ' + td.textContent : td.dataset.state])");
        return json.EnumerateArray().ToDictionary(e => e[0].GetString()!, e => e[1].GetString()!);
    }

    /// <summary>"dataset|model|metric|method|round" → the numbers a chart's marker carries.</summary>
    private static async Task<Dictionary<string, (double Mean, double Std, int Runs)>> CurvePoints(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            () => Array.from(document.querySelectorAll('svg.chart circle.point')).map(c => {
              const svg = c.closest('svg'), g = c.closest('g.series');
              return [svg.dataset.dataset, svg.dataset.model, svg.dataset.metric, g.dataset.method, c.dataset.round, c.dataset.mean, c.dataset.std, c.dataset.runs];
            })
            """);
        return json.EnumerateArray().ToDictionary(
            e => string.Join("|", Enumerable.Range(0, 5).Select(i => e[i].GetString())),
            e => (double.Parse(e[5].GetString()!, CultureInfo.InvariantCulture), double.Parse(e[6].GetString()!, CultureInfo.InvariantCulture),
                int.Parse(e[7].GetString()!, CultureInfo.InvariantCulture)));
    }

    /// <summary>The default models, each fit started after a pause (same results, only slower: the sweep lasts seconds).</summary>
    private sealed class PacedModels(TimeSpan pause) : DefaultTrainingModels
    {
        public override IClassifierFactory Create(string model)
        {
            Thread.Sleep(pause);
            return base.Create(model);
        }
    }
}
