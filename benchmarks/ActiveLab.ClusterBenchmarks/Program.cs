using System.Diagnostics;
using System.Globalization;
using ActiveLab.ClusterBenchmarks;
using ActiveLab.Results;

// Orchestrator benchmarks with real `activelab` processes on 127.0.0.1 (see README.md beside this file).
//
//   dotnet run -c Release --project benchmarks/ActiveLab.ClusterBenchmarks -- SCENARIO [options]
//
//   overhead     quickstart-like sweep (real ExtraTrees trainer), `run --slots S`: wall vs Σ train_seconds ÷ S (target ≤ 1.10)
//   throughput   the same sweep on `seed --slots 0` + 1 and 2 `worker --slots 1` processes: fold jobs/s
//   capacity     trainer = noop, N cells × 3 rounds × 5 folds with `run`: jobs/s (target ≥ 2,000), peak RSS, phases
//   all          overhead, throughput, capacity
//   study        a committed preset end to end (`run --config C`), --repeats times: process wall, Σ train_seconds
//
// options: --slots S (overhead, default 2) · --cells 1000,10000 (capacity) · --workers 1,2 (throughput)
//          --counters (sample System.Runtime with dotnet-counters when installed) · --keep (keep the work folder)
//          --timeout-min M (per process, default 60) · --config config/a.conf,config/b.conf --repeats 3 (study)
var options = OptionsParser.Parse(args);
if (options.Scenario is null)
{
    Console.Error.WriteLine("usage: ActiveLab.ClusterBenchmarks overhead|throughput|capacity|all|study [--slots S] [--cells 1000,10000] [--workers 1,2] [--counters] [--keep] [--timeout-min M] [--config C1,C2 --repeats N]");
    return 2;
}
var bench = new Bench(options);
try
{
    Console.WriteLine($"# cluster benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, CLI {Paths.CliDll} ({Paths.Configuration})");
    Console.WriteLine($"load average at start: {Bench.LoadAverage()}; work folder {bench.Root}");
    if (options.Scenario is "overhead" or "all") await bench.OverheadAsync();
    if (options.Scenario is "throughput" or "all") await bench.ThroughputAsync();
    if (options.Scenario is "capacity" or "all") await bench.CapacityAsync();
    if (options.Scenario is "study") await bench.StudyAsync();
    Console.WriteLine($"load average at end: {Bench.LoadAverage()}");
    return 0;
}
finally
{
    bench.Cleanup();
}

internal sealed record Options(string? Scenario, int Slots, int[] Cells, int[] Workers, bool Counters, bool Keep, TimeSpan Timeout)
{
    /// <summary>The presets of the study scenario.</summary>
    public string[] Configs { get; init; } = [];

    public int Repeats { get; init; } = 3;
}

internal static class OptionsParser
{
    public static Options Parse(string[] args)
    {
        string? scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (scenario is not (null or "overhead" or "throughput" or "capacity" or "all" or "study")) scenario = null;
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int[] Ints(string name, int[] fallback) =>
            Value(name) is { } v ? v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : fallback;
        return new Options(scenario, Ints("--slots", [2])[0], Ints("--cells", [1000, 10000]), Ints("--workers", [1, 2]),
            args.Contains("--counters"), args.Contains("--keep"), TimeSpan.FromMinutes(Ints("--timeout-min", [60])[0]))
        {
            Configs = Value("--config")?.Split(',') ?? [],
            Repeats = Ints("--repeats", [3])[0],
        };
    }
}

internal sealed class Bench(Options options)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Root { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "activelab-cluster-bench",
        DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture))).FullName;

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public void Cleanup()
    {
        if (options.Keep) return;
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    /// <summary>The quickstart sweep's settings (config/quickstart.conf): 10 cells × 6 rounds × 5 folds = 300 fold jobs.</summary>
    private static string QuickstartConfig(string name, string results, string trainer = "real") => Config(name, results,
        "[random, good_random, entropy, uncertainty, crowdlab]", repeats: 2, rounds: 6, batch: 100, trainer);

    private static string Config(string name, string results, string methods, int repeats, int rounds, int batch, string trainer) => $$"""
        activelab.sweep {
          name = {{name}}
          seed = 2023
          datasets = [wall-robot]
          methods = {{methods}}
          models = [et]
          repeats = {{repeats}}
          rounds = {{rounds}}
          batch-size = {{batch}}
          folds = 5
          trainer = {{trainer}}
          data-dir = "{{Paths.DataDir}}"
          results-dir = "{{results}}"
        }
        activelab.cluster { lease-timeout = 60s, max-attempts = 3, heartbeat-interval = 5s }
        activelab.persistence { provider = sqlite }
        """;

    // ---------------------------------------------------------------- study: a committed preset end to end

    /// <summary>Each preset run as a user runs it (<c>activelab run --config C</c>, default slots = cores) into a fresh
    /// results folder, <see cref="Options.Repeats"/> times. Take it on a quiet machine: the wall time is the figure.</summary>
    public async Task StudyAsync()
    {
        if (options.Configs.Length == 0) throw new ArgumentException("study needs --config config/NAME.conf[,…]");
        Console.WriteLine();
        Console.WriteLine("## study: `activelab run --config C` end to end (process start → exit)");
        Console.WriteLine("| preset | run | load avg before | wall | Σ train_seconds | Σ train ÷ wall | rounds rows | peak RSS |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (string configPath in options.Configs)
        {
            string config = Path.GetFullPath(configPath, Paths.RepoRoot);
            string preset = Path.GetFileNameWithoutExtension(config);
            for (int i = 1; i <= options.Repeats; i++)
            {
                string dir = Directory.CreateDirectory(Path.Combine(Root, $"{preset}-{i}")).FullName;
                string results = Path.Combine(dir, "results");
                string load = LoadAverage();
                using var run = new Monitored("run", dir, _clock, ["run", "--config", config, "--data-dir", Paths.DataDir, "--results-dir", results], timeV: true);
                int code = await run.WaitAsync(options.Timeout);
                Check(run, code, 0);
                string sweepDir = Directory.GetDirectories(results).Single();
                var rows = ParquetTables.ReadRounds(SweepLayout.RoundsPath(sweepDir));
                double train = rows.Sum(r => r.TrainSeconds);
                Console.WriteLine($"| {preset} | {i} | {load} | {run.Wall:0.0} s | {train:0.0} s | {train / run.Wall:0.00} | {rows.Count} | {run.PeakRssMiB:0} MiB |");
                if (!options.Keep) Directory.Delete(dir, recursive: true);
            }
        }
    }

    // ---------------------------------------------------------------- 1. orchestration overhead

    public async Task OverheadAsync()
    {
        int slots = options.Slots;
        string name = "overhead";
        string dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        string results = Path.Combine(dir, "results");
        string config = Path.Combine(dir, "sweep.conf");
        File.WriteAllText(config, QuickstartConfig(name, results));
        string load = LoadAverage();
        using var run = new Monitored("run", dir, _clock, ["run", "--config", config, "--slots", slots.ToString(CultureInfo.InvariantCulture)], timeV: true);
        int code = await run.WaitAsync(options.Timeout);
        Check(run, code, 0);
        var rows = ParquetTables.ReadRounds(SweepLayout.RoundsPath(Path.Combine(results, name)));
        double train = rows.Sum(r => r.TrainSeconds);
        var progress = run.ProgressLines;
        double sweepWall = progress[^1].T - progress[0].T;
        double ideal = train / slots;
        Console.WriteLine();
        Console.WriteLine($"## 1. orchestration overhead: quickstart sweep (10 cells × 6 rounds × 5 folds, et, batch 100), run --slots {slots}");
        Console.WriteLine($"load average before: {load}, after: {LoadAverage()}");
        Console.WriteLine($"fold jobs: {progress[^1].JobsDone}; Σ train_seconds = {train:0.00} s; ideal wall = Σ ÷ {slots} slots = {ideal:0.00} s");
        Console.WriteLine($"process wall (start → exit)              = {run.Wall:0.00} s → {run.Wall / ideal:0.000} × ideal");
        Console.WriteLine($"sweep wall (first → final progress line) = {sweepWall:0.00} s → {sweepWall / ideal:0.000} × ideal (target ≤ 1.10)");
        Console.WriteLine($"startup (process start → first progress line) = {progress[0].T - run.StartT:0.00} s; " +
                          $"final line → exit (compaction printed before, shutdown) = {run.ExitT - progress[^1].T:0.00} s");
        Console.WriteLine($"process CPU {run.CpuSeconds:0.0} s ({run.CpuSeconds / run.Wall * 100:0}% of one core on average); peak RSS {run.PeakRssMiB:0} MiB");
        PrintTimeline(progress, run.StartT, 8);
    }

    // ---------------------------------------------------------------- 2. throughput with worker processes

    public async Task ThroughputAsync()
    {
        Console.WriteLine();
        Console.WriteLine("## 2. throughput: quickstart sweep on seed (0 slots) + N worker processes (1 slot each)");
        Console.WriteLine("| workers | load avg before | fold jobs | wall workers-start → finished | jobs/s | steady jobs/s | Σ train_seconds | Σ train ÷ wall | seed CPU | workers' CPU |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (int n in options.Workers)
        {
            string name = $"throughput-{n}";
            string dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
            string results = Path.Combine(dir, "results");
            string config = Path.Combine(dir, "sweep.conf");
            File.WriteAllText(config, QuickstartConfig(name, results));
            string load = LoadAverage();
            int port = FreePort();
            using var seed = new Monitored("seed", dir, _clock, ["seed", "--config", config, "--port", port.ToString(CultureInfo.InvariantCulture), "--slots", "0"]);
            await seed.WaitForLineAsync(l => l.Contains("start trainers with", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
            double t0 = _clock.Elapsed.TotalSeconds;
            var workers = Enumerable.Range(1, n).Select(i => new Monitored($"worker-{i}", dir, _clock,
                ["worker", "--seed", $"akka.tcp://activelab@127.0.0.1:{port}", "--slots", "1", "--data-dir", Paths.DataDir])).ToList();
            try
            {
                int code = await seed.WaitAsync(options.Timeout);
                Check(seed, code, 0);
                foreach (var w in workers) Check(w, await w.WaitAsync(TimeSpan.FromMinutes(2)), 0);
                var progress = seed.ProgressLines;
                var final = progress[^1];
                double wall = final.T - t0;
                var firstJobs = progress.FirstOrDefault(p => p.JobsDone > 0);
                var lastBefore = progress.LastOrDefault(p => !p.Finished && p.JobsDone > 0);
                string steady = firstJobs is not null && lastBefore is not null && lastBefore.T > firstJobs.T
                    ? ((lastBefore.JobsDone - firstJobs.JobsDone) / (lastBefore.T - firstJobs.T)).ToString("0.0", CultureInfo.InvariantCulture) : "—";
                double train = ParquetTables.ReadRounds(SweepLayout.RoundsPath(Path.Combine(results, name))).Sum(r => r.TrainSeconds);
                Console.WriteLine($"| {n} | {load} | {final.JobsDone} | {wall:0.00} s | {final.JobsDone / wall:0.0} | {steady} | {train:0.00} s | {train / wall:0.00} | " +
                                  $"{seed.CpuSeconds:0.0} s | {workers.Sum(w => w.CpuSeconds):0.0} s |");
            }
            finally
            {
                foreach (var w in workers) w.Dispose();
            }
        }
    }

    // ---------------------------------------------------------------- 3. capacity with the noop trainer

    public async Task CapacityAsync()
    {
        Console.WriteLine();
        Console.WriteLine("## 3. capacity: trainer = noop, wall-robot, methods [random], models [et], rounds 3, batch 10, folds 5, run --slots 2 (SQLite)");
        var summary = new List<string>();
        foreach (int cells in options.Cells)
        {
            string name = $"capacity-{cells}";
            string dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
            string results = Path.Combine(dir, "results");
            string config = Path.Combine(dir, "sweep.conf");
            File.WriteAllText(config, Config(name, results, "[random]", repeats: cells, rounds: 3, batch: 10, trainer: "noop"));
            string load = LoadAverage();
            string? csv = options.Counters ? Path.Combine(dir, "counters.csv") : null;
            using var run = new Monitored("run", dir, _clock, ["run", "--config", config, "--slots", "2"], timeV: true, countersCsv: csv);
            int code = await run.WaitAsync(options.Timeout);
            Check(run, code, 0);
            var progress = run.ProgressLines;
            var final = progress[^1];
            long jobs = final.JobsDone;
            var first = progress[0];
            var firstJob = progress.FirstOrDefault(p => p.JobsDone > 0);
            var lastJob = progress.FirstOrDefault(p => p.JobsDone == jobs) ?? final;
            double sweepWall = final.T - first.T;
            string journal = Path.Combine(results, name, "journal.db");
            double journalMiB = (File.Exists(journal) ? new FileInfo(journal).Length : 0) / 1048576.0;
            double walMiB = (File.Exists(journal + "-wal") ? new FileInfo(journal + "-wal").Length : 0) / 1048576.0;

            Console.WriteLine();
            Console.WriteLine($"### {cells:N0} cells ({jobs:N0} fold jobs), load average before {load}, after {LoadAverage()}");
            Console.WriteLine($"process wall {run.Wall:0.0} s; sweep wall (first → final progress line) {sweepWall:0.0} s");
            Console.WriteLine($"jobs/s over the sweep wall: {jobs / sweepWall:0} (target ≥ 2,000); over the process wall: {jobs / run.Wall:0}");
            Console.WriteLine($"phases: process start → first line {first.T - run.StartT:0.0} s; first line → first job reported {(firstJob?.T ?? final.T) - first.T:0.0} s; " +
                              $"first job → all jobs done {lastJob.T - (firstJob?.T ?? first.T):0.0} s; all jobs → finished line {final.T - lastJob.T:0.0} s; finished → exit {run.ExitT - final.T:0.0} s");
            Console.WriteLine($"peak RSS {run.PeakRssMiB:0} MiB (/usr/bin/time -v: {(run.MaxRssMiB is { } m ? $"{m:0} MiB" : "n/a")}); " +
                              $"CPU {run.CpuSeconds:0.0} s = {run.CpuSeconds / run.Wall * 100:0}% of one core on average (2 cores = 200%); " +
                              $"threads max {run.Samples.Select(s => s.Threads).DefaultIfEmpty(0).Max()}; journal.db {journalMiB:0.0} MiB + wal {walMiB:0.0} MiB");
            PrintTimeline(progress, run.StartT, 12, run.Samples);
            if (csv is not null) PrintCounters(csv);

            // status reads the journal cell by cell.
            var sw = Stopwatch.StartNew();
            using (var status = new Monitored("status", dir, _clock, ["status", "--config", config]))
                Check(status, await status.WaitAsync(options.Timeout), 0);
            Console.WriteLine($"`activelab status` on the finished {cells:N0}-cell journal: {sw.Elapsed.TotalSeconds:0.0} s");
            summary.Add($"| {cells:N0} | {jobs:N0} | {load} | {run.Wall:0.0} s | {sweepWall:0.0} s | {jobs / sweepWall:0} | {run.PeakRssMiB:0} MiB | {sw.Elapsed.TotalSeconds:0.0} s |");
        }
        Console.WriteLine();
        Console.WriteLine("| cells | fold jobs | load avg before | process wall | sweep wall | jobs/s | peak RSS | status |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var s in summary) Console.WriteLine(s);
    }

    // ---------------------------------------------------------------- helpers

    private static void Check(Monitored p, int code, int expected)
    {
        if (code != expected) throw new InvalidOperationException($"{p.Name} exited {code}, expected {expected}:\n{p.Tail()}");
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>About <paramref name="rows"/> evenly spaced progress lines: time, cells, jobs, interval job rate, CPU and RSS.</summary>
    private static void PrintTimeline(IReadOnlyList<Progress> progress, double start, int rows, IReadOnlyList<Sample>? samples = null)
    {
        if (progress.Count == 0) return;
        Console.WriteLine("| t (s) | cells done | jobs done | running | queued | jobs/s since previous row | CPU % since previous row | RSS MiB |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        int step = Math.Max(1, progress.Count / rows);
        Progress? prev = null;
        for (int i = 0; i < progress.Count; i += step)
        {
            var p = progress[i];
            if (i + step >= progress.Count) p = progress[^1];
            string rate = prev is not null && p.T > prev.T ? ((p.JobsDone - prev.JobsDone) / (p.T - prev.T)).ToString("0", CultureInfo.InvariantCulture) : "";
            string cpu = "", rss = "";
            if (samples is { Count: > 0 })
            {
                var s = samples.LastOrDefault(x => x.T <= p.T) ?? samples[0];
                var s0 = prev is null ? null : samples.LastOrDefault(x => x.T <= prev.T);
                if (s0 is not null && s.T > s0.T) cpu = ((s.CpuSeconds - s0.CpuSeconds) / (s.T - s0.T) * 100).ToString("0", CultureInfo.InvariantCulture);
                rss = s.RssMiB.ToString("0", CultureInfo.InvariantCulture);
            }
            Console.WriteLine($"| {p.T - start:0.0} | {p.CellsDone}/{p.Cells} | {p.JobsDone} | {p.Running} | {p.Queued} | {rate} | {cpu} | {rss} |");
            prev = p;
            if (i + step >= progress.Count) break;
        }
    }

    /// <summary>Mean and max of each runtime counter dotnet-counters recorded.</summary>
    private static void PrintCounters(string csv)
    {
        if (!File.Exists(csv))
        {
            Console.WriteLine("(dotnet-counters not installed or recorded nothing; install with `dotnet tool install -g dotnet-counters`)");
            return;
        }
        var values = new Dictionary<string, List<double>>();
        foreach (var line in File.ReadLines(csv).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 5 || !double.TryParse(f[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) continue;
            string key = string.Join(',', f[2..^2]);
            if (!values.TryGetValue(key, out var list)) values[key] = list = new List<double>();
            list.Add(v);
        }
        Console.WriteLine("| runtime counter (dotnet-counters, 1 s) | mean | max |");
        Console.WriteLine("|---|---|---|");
        foreach (var (k, v) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            Console.WriteLine($"| {k} | {v.Average():0.###} | {v.Max():0.###} |");
    }
}
