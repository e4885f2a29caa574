using System.Security.Cryptography;

namespace ActiveLab.Cli.Tests;

// Bad input: every case exits 2 with exactly one stderr line "error: <message>" naming the offending file, option or
// key, writes nothing (no output file, no new file or folder anywhere under the case's work folder) and leaves an
// existing sweep folder byte for byte as it was. <w> is the case's work folder, <repo-data> the repository's data/.
//
// | case                      | command     | input                                                          | expected message fragment                                   |
// |---------------------------|-------------|----------------------------------------------------------------|-------------------------------------------------------------|
// | status-no-config          | status      | (no --config)                                                  | --config is required                                        |
// | status-missing-config     | status      | --config <w>/missing.conf                                      | config file not found: <w>/missing.conf                     |
// | status-invalid-hocon      | status      | config "activelab.sweep { name = ${nope} }" (unresolved)       | <config>: not valid HOCON                                   |
// | status-no-sweep-section   | status      | config without activelab.sweep                                 | missing the 'activelab.sweep' section                       |
// | status-unknown-dataset    | status      | config datasets = [no-such-benchmark]                          | no-such-benchmark                                           |
// | status-bad-method         | status      | config methods = [magic]                                       | method 'magic'                                              |
// | status-unknown-model      | status      | config models = [svm]                                          | unknown model 'svm'                                         |
// | status-bad-repeats        | status      | config repeats = many                                          | activelab.sweep.repeats must be an integer                  |
// | status-corrupt-journal    | status      | <results>/quickstart/journal.db = garbage bytes                | journal <path> is not a readable SQLite database:           |
// | report-no-results         | report      | (no --results)                                                 | --results is required                                       |
// | report-missing-dir        | report      | --results <w>/nope                                             | no such results folder                                      |
// | report-results-is-file    | report      | --results <a file>                                             | <the file>                                                  |
// | report-empty-dir          | report      | --results <empty folder>                                       | no results yet                                              |
// | report-no-parquet         | report      | --results <sweep with manifest.json and parts/ but no parquet> | no results yet                                              |
// | report-corrupt-rounds     | report      | rounds.parquet = "not parquet"                                 | rounds.parquet                                              |
// | report-out-is-file        | report      | --out <existing file X>                                        | --out X is a file, not a folder                             |
// | report-out-under-file     | report      | --out X/report where X is a file                               | --out X/report: X is a file, not a folder                   |
// | dataset-no-name           | dataset     | (no --name)                                                    | --name is required                                          |
// | dataset-unknown-name      | dataset     | --name no-such-benchmark                                       | no-such-benchmark                                           |
// | dataset-seed-negative     | dataset     | --seed -1                                                      | --seed must be a non-negative integer, got '-1'             |
// | dataset-seed-text         | dataset     | --seed abc                                                     | --seed must be a non-negative integer, got 'abc'            |
// | dataset-missing-data-dir  | dataset     | --data-dir <w>/no-data                                         | <w>/no-data                                                 |
// | dataset-corrupt-data      | dataset     | --data-dir with a corrupt wall-robot-navigation/sensor_readings_4.data | sensor_readings_4.data                              |
// | score-missing-labels      | score       | --labels <w>/missing.csv                                       | <w>/missing.csv                                             |
// | score-round-text          | score       | --variant benchmark --round x                                  | --round must be an integer, got 'x'                         |
// | score-round-negative      | score       | --variant benchmark --round -3                                 | --round must be 0 or more                                   |
// | score-seed-negative       | score       | --seed -1                                                      | --seed must be a non-negative integer, got '-1'             |
// | score-bad-format          | score       | --format xml                                                   | --format must be csv or parquet                             |
// | score-out-dir-missing     | score       | --out <w>/no-dir/S.csv                                         | --out <w>/no-dir/S.csv: directory                           |
// | bench-unknown-model       | bench train | --model svm                                                    | svm                                                         |
// | bench-rows-text           | bench train | --rows many                                                    | --rows must be an integer, got 'many'                       |
// | bench-folds-one           | bench train | --folds 1                                                      | --folds must be 2 or more                                   |
// | bench-threads-text        | bench train | --threads x                                                    | --threads must be an integer, got 'x'                       |
// | bench-seed-negative       | bench train | --seed -1                                                      | --seed must be a non-negative integer, got '-1'             |
// | bench-corrupt-data        | bench train | --data-dir with a corrupt wall-robot file                      | sensor_readings_4.data                                      |
//
// | run-missing-config        | run         | --config <w>/missing.conf                                      | config file not found: <w>/missing.conf                     |
// | run-unknown-key           | run         | config rouns = 6 (typo of rounds)                              | unknown key activelab.sweep.rouns (did you mean …rounds?)  |
// | run-name-dotdot           | run         | config name = ".."                                             | activelab.sweep.name must be a plain file name              |
// | run-lease-below-heartbeat | run         | config lease-timeout = 1s, heartbeat-interval left out (5s)    | lease-timeout must be at least 2 × …heartbeat-interval      |
// | run-batch-over-pool       | run         | config batch-size = 99999                                      | batch-size 99999 is larger than dataset wall-robot's pool   |
// | run-device-cuda7          | run         | --device cuda:7 (no such GPU)                                  | --device cuda:7                                             |
// | run-slots-zero            | run         | --slots 0                                                      | --slots must be 1 or more                                   |
// | run-max-batch-zero        | run         | --max-batch 0                                                  | --max-batch must be between 1 and 1024, got 0               |
// | worker-max-batch-big      | worker      | --max-batch 5000                                               | --max-batch must be between 1 and 1024, got 5000            |
// | run-trainer-max-batch     | run         | config activelab.trainer.max-batch = 0                         | activelab.trainer.max-batch must be an integer ≥ 1          |
// | worker-trainer-fill-wait  | worker      | --datasets-config with activelab.trainer.fill-wait = 1h        | activelab.trainer.fill-wait must be a duration > 0 and at most 10s |
// | run-http-port-zero        | run         | --http-port 0                                                  | --http-port must be 1..65535, got 0                         |
// | run-http-port-taken       | run         | --http-port P where another program listens on 127.0.0.1:P     | --http-port P on 127.0.0.1 is already in use                |
// | seed-http-host-name       | seed        | --http-host "my host"                                          | --http-host 'my host' is not an IP address                  |
// | seed-port-zero            | seed        | --port 0                                                       | --port must be 1..65535                                     |
// | seed-port-text            | seed        | --port http                                                    | http                                                        |
// | worker-seed-no-port       | worker      | --seed akka.tcp://activelab@host                               | has no port                                                 |
// | worker-seed-http          | worker      | --seed http://x:1                                              | must start with akka.tcp://                                 |
// | worker-seed-wrong-system  | worker      | --seed akka.tcp://other@127.0.0.1:4053                         | must name the actor system 'activelab'                      |
// | worker-seed-port-99999    | worker      | --seed akka.tcp://activelab@127.0.0.1:99999                    | port must be 1..65535                                       |
// | worker-port-99999         | worker      | --port 99999                                                   | --port must be 0..65535, got 99999                          |
// | worker-slots-zero         | worker      | --slots 0                                                      | --slots must be 1 or more                                   |
// | worker-seed-timeout-zero  | worker      | --seed-timeout 0                                               | --seed-timeout must be at least 1 second                    |
// | worker-public-wildcard    | worker      | --public-host 0.0.0.0                                          | --public-host 0.0.0.0 is a wildcard                         |
// | worker-public-port-0      | worker      | --public-port 0                                                | --public-port must be 1..65535, got 0                       |
// | seed-public-wildcard      | seed        | --host 0.0.0.0 --public-host ::                                | --public-host :: is a wildcard                              |
// | seed-open-without-tls     | seed        | --host 0.0.0.0 (no certificate, no --insecure)                 | --host 0.0.0.0 is reachable from other machines             |
// | worker-tls-missing-file   | worker      | --tls-certificate missing.pfx                                  | TLS certificate …missing.pfx: file not found                |
// | worker-tls-and-insecure   | worker      | --tls-certificate c.pfx --insecure                             | --insecure and --tls-certificate exclude each other         |

/// <summary>The bad-input table above, one theory case per row.</summary>
public class BadInputTests
{
    /// <summary>One row: how to prepare the work folder, the arguments, and the fragment the error line must contain.</summary>
    public sealed record Case(string Name, Func<Work, string[]> Args, Func<Work, string> Expected);

    /// <summary>The case's work folder, with helpers that create the inputs a case needs.</summary>
    public sealed class Work : IDisposable
    {
        private readonly TempDir _dir = new();

        public string Path => _dir.Path;

        public string File(string name) => _dir.File(name);

        public string Write(string name, string content)
        {
            string path = File(name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, content);
            return path;
        }

        public static string RepoData => System.IO.Path.Combine(Repo.Root, "data");

        public string Results => File("results");

        /// <summary>The quickstart config (or, with <paramref name="keep"/>, the sweep.conf written before) with
        /// <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
        public string Config(string from = "", string to = "", bool keep = false)
        {
            string text = System.IO.File.ReadAllText(keep ? File("sweep.conf") : System.IO.Path.Combine(Repo.Root, "config", "quickstart.conf"));
            if (from.Length > 0)
            {
                Assert.Contains(from, text);
                text = text.Replace(from, to, StringComparison.Ordinal);
            }
            return Write("sweep.conf", text);
        }

        /// <summary><c>run</c> on <paramref name="config"/> with results and data in this folder / the repository.</summary>
        public List<string> Run(string config) => ["run", "--config", config, "--results-dir", Results, "--data-dir", RepoData];

        /// <summary><c>seed</c> on <paramref name="config"/> on 127.0.0.1, results and data as for <see cref="Run"/>.</summary>
        public List<string> Seed(string config) => ["seed", "--config", config, "--results-dir", Results, "--data-dir", RepoData, "--host", "127.0.0.1"];

        /// <summary><c>worker</c> joining <paramref name="seed"/> with the repository's data; --seed-timeout 5 bounds a
        /// case that would unexpectedly start a node.</summary>
        public static string[] Worker(string seed) => ["worker", "--seed", seed, "--data-dir", RepoData, "--host", "127.0.0.1", "--seed-timeout", "5"];

        /// <summary><c>status</c> on <paramref name="config"/> with results and data in this folder / the repository.</summary>
        public string[] Status(string config) => ["status", "--config", config, "--results-dir", Results, "--data-dir", RepoData];

        /// <summary>A sweep folder copied from the report fixture (manifest.json, rounds.parquet).</summary>
        public string Sweep()
        {
            string sweep = File("sweep");
            Directory.CreateDirectory(sweep);
            foreach (string f in Directory.GetFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny-report-fixture")))
                System.IO.File.Copy(f, System.IO.Path.Combine(sweep, System.IO.Path.GetFileName(f)));
            return sweep;
        }

        /// <summary>A data folder whose Wall Robot file is corrupt.</summary>
        public string CorruptData()
        {
            Write("data/wall-robot-navigation/sensor_readings_4.data", "1.0,2.0,garbage\r\nnot,a,wall,robot,row\r\n");
            return File("data");
        }

        /// <summary>L.csv, P.csv and Q.csv of a small valid data set; returns the score arguments for them.</summary>
        public List<string> Score()
        {
            var data = Dataset.Random(7);
            var (l, p, q) = data.WriteTo(_dir);
            return ["score", "--labels", l, "--pred-probs", p, "--unlabeled-pred-probs", q!, "--out", File("S.csv")];
        }

        private System.Net.Sockets.TcpListener? _held;

        /// <summary>A loopback port that a listener of this test holds until the case ends.</summary>
        public int HoldPort()
        {
            _held = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            _held.Start();
            return HeldPort;
        }

        public int HeldPort => ((System.Net.IPEndPoint)_held!.LocalEndpoint).Port;

        public void Dispose()
        {
            _held?.Stop();
            _dir.Dispose();
        }
    }

    private static readonly Case[] All =
    [
        // status
        new("status-no-config", w => ["status"], w => "--config is required"),
        new("status-missing-config", w => ["status", "--config", w.File("missing.conf")], w => $"config file not found: {w.File("missing.conf")}"),
        new("status-invalid-hocon", w => w.Status(w.Write("bad.conf", "activelab.sweep { name = ${nope} }\n")), w => $"{w.File("bad.conf")}: not valid HOCON"),
        new("status-no-sweep-section", w => w.Status(w.Write("other.conf", "something { a = 1 }\n")), w => "missing the 'activelab.sweep' section"),
        new("status-unknown-dataset", w => w.Status(w.Config("datasets = [wall-robot]", "datasets = [no-such-benchmark]")), w => "no-such-benchmark"),
        new("status-bad-method", w => w.Status(w.Config("methods = [random, good_random, entropy, uncertainty, crowdlab]", "methods = [random, magic]")), w => "method 'magic'"),
        new("status-unknown-model", w => w.Status(w.Config("models = [et]", "models = [svm]")), w => "unknown model 'svm'"),
        new("status-bad-repeats", w => w.Status(w.Config("repeats = 2", "repeats = many")), w => "activelab.sweep.repeats must be an integer"),
        new("status-corrupt-journal", w =>
        {
            string journal = w.Write("results/quickstart/journal.db", "");
            System.IO.File.WriteAllBytes(journal, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 3))]);
            return w.Status(w.Config());
        }, w => $"journal {w.File("results/quickstart/journal.db")} is not a readable SQLite database: "),

        // report
        new("report-no-results", w => ["report"], w => "--results is required"),
        new("report-missing-dir", w => ["report", "--results", w.File("nope")], w => "no such results folder"),
        new("report-results-is-file", w => ["report", "--results", w.Write("not-a-folder", "x")], w => w.File("not-a-folder")),
        new("report-empty-dir", w => { Directory.CreateDirectory(w.File("empty")); return ["report", "--results", w.File("empty")]; }, w => "no results yet"),
        new("report-no-parquet", w =>
        {
            string sweep = w.Sweep();
            System.IO.File.Delete(System.IO.Path.Combine(sweep, "rounds.parquet"));
            Directory.CreateDirectory(System.IO.Path.Combine(sweep, "parts"));
            w.Write("sweep/parts/notes.txt", "no parquet here");
            return ["report", "--results", sweep];
        }, w => "no results yet"),
        new("report-corrupt-rounds", w =>
        {
            string sweep = w.Sweep();
            System.IO.File.WriteAllText(System.IO.Path.Combine(sweep, "rounds.parquet"), "not parquet");
            return ["report", "--results", sweep];
        }, w => "rounds.parquet"),
        new("report-out-is-file", w => ["report", "--results", w.Sweep(), "--out", w.Write("taken", "a file")], w => $"--out {w.File("taken")} is a file, not a folder"),
        new("report-out-under-file", w => ["report", "--results", w.Sweep(), "--out", System.IO.Path.Combine(w.Write("taken", "a file"), "report")],
            w => $"--out {System.IO.Path.Combine(w.File("taken"), "report")}: {w.File("taken")} is a file, not a folder"),

        // dataset
        new("dataset-no-name", w => ["dataset"], w => "--name is required"),
        new("dataset-unknown-name", w => ["dataset", "--name", "no-such-benchmark", "--data-dir", Work.RepoData], w => "no-such-benchmark"),
        new("dataset-seed-negative", w => ["dataset", "--name", "wall-robot", "--data-dir", Work.RepoData, "--seed", "-1"], w => "--seed must be a non-negative integer, got '-1'"),
        new("dataset-seed-text", w => ["dataset", "--name", "wall-robot", "--data-dir", Work.RepoData, "--seed", "abc"], w => "--seed must be a non-negative integer, got 'abc'"),
        new("dataset-missing-data-dir", w => ["dataset", "--name", "wall-robot", "--data-dir", w.File("no-data")], w => w.File("no-data")),
        new("dataset-corrupt-data", w => ["dataset", "--name", "wall-robot", "--data-dir", w.CorruptData()], w => "sensor_readings_4.data"),

        // score
        new("score-missing-labels", w =>
        {
            var a = w.Score();
            a[a.IndexOf("--labels") + 1] = w.File("missing.csv");
            return [.. a];
        }, w => w.File("missing.csv")),
        new("score-round-text", w => [.. w.Score(), "--variant", "benchmark", "--round", "x"], w => "--round must be an integer, got 'x'"),
        new("score-round-negative", w => [.. w.Score(), "--variant", "benchmark", "--round", "-3"], w => "--round must be 0 or more"),
        new("score-seed-negative", w => [.. w.Score(), "--seed", "-1"], w => "--seed must be a non-negative integer, got '-1'"),
        new("score-bad-format", w => [.. w.Score(), "--format", "xml"], w => "--format must be csv or parquet"),
        new("score-out-dir-missing", w =>
        {
            var a = w.Score();
            a[a.IndexOf("--out") + 1] = w.File("no-dir/S.csv");
            return [.. a];
        }, w => $"--out {w.File("no-dir/S.csv")}: directory"),

        // bench train
        new("bench-unknown-model", w => ["bench", "train", "--model", "svm", "--data-dir", Work.RepoData], w => "svm"),
        new("bench-rows-text", w => ["bench", "train", "--model", "et", "--rows", "many", "--data-dir", Work.RepoData], w => "--rows must be an integer, got 'many'"),
        new("bench-folds-one", w => ["bench", "train", "--model", "et", "--folds", "1", "--data-dir", Work.RepoData], w => "--folds must be 2 or more"),
        new("bench-threads-text", w => ["bench", "train", "--model", "et", "--threads", "x", "--data-dir", Work.RepoData], w => "--threads must be an integer, got 'x'"),
        new("bench-seed-negative", w => ["bench", "train", "--model", "et", "--seed", "-1", "--data-dir", Work.RepoData], w => "--seed must be a non-negative integer, got '-1'"),
        new("bench-corrupt-data", w => ["bench", "train", "--model", "et", "--rows", "50", "--data-dir", w.CorruptData()], w => "sensor_readings_4.data"),

        // run
        new("run-missing-config", w => [.. w.Run(w.File("missing.conf"))], w => $"config file not found: {w.File("missing.conf")}"),
        new("run-unknown-key", w => [.. w.Run(w.Config("rounds = 6", "rouns = 6"))], w => "unknown key activelab.sweep.rouns (did you mean activelab.sweep.rounds?)"),
        new("run-name-dotdot", w => [.. w.Run(w.Config("name = quickstart", "name = \"..\""))], w => "activelab.sweep.name must be a plain file name"),
        new("run-lease-below-heartbeat", w =>
        {
            w.Config("lease-timeout = 60s", "lease-timeout = 1s");
            return [.. w.Run(w.Config("heartbeat-interval = 5s", "", keep: true))];
        }, w => "activelab.cluster.lease-timeout must be at least 2 × activelab.cluster.heartbeat-interval (10s), got '1s'"),
        new("run-batch-over-pool", w => [.. w.Run(w.Config("batch-size = 100", "batch-size = 99999"))],
            w => "activelab.sweep.batch-size 99999 is larger than dataset wall-robot's pool"),
        new("run-device-cuda7", w => [.. w.Run(w.Config()), "--device", "cuda:7"], w => "--device cuda:7"),
        new("run-slots-zero", w => [.. w.Run(w.Config()), "--slots", "0"], w => "--slots must be 1 or more"),
        new("run-max-batch-zero", w => [.. w.Run(w.Config()), "--max-batch", "0"], w => "--max-batch must be between 1 and 1024, got 0"),
        new("worker-max-batch-big", w => [.. Work.Worker("akka.tcp://activelab@127.0.0.1:4053"), "--max-batch", "5000"],
            w => "--max-batch must be between 1 and 1024, got 5000"),
        new("run-trainer-max-batch", w => [.. w.Run(w.Config("max-batch = null", "max-batch = 0"))], w => "activelab.trainer.max-batch must be an integer ≥ 1, got '0'"),
        new("worker-trainer-fill-wait", w => [.. Work.Worker("akka.tcp://activelab@127.0.0.1:4053"), "--datasets-config", w.Config("fill-wait = 50ms", "fill-wait = 1h")],
            w => "activelab.trainer.fill-wait must be a duration > 0 and at most 10s, got '3600s'"),
        new("run-http-port-zero", w => [.. w.Run(w.Config()), "--http-port", "0"], w => "--http-port must be 1..65535, got 0"),
        new("run-http-port-taken", w => [.. w.Run(w.Config()), "--http-port", w.HoldPort().ToString(System.Globalization.CultureInfo.InvariantCulture)],
            w => $"--http-port {w.HeldPort} on 127.0.0.1 is already in use"),
        new("seed-http-host-name", w => [.. w.Seed(w.Config()), "--http-host", "my host", "--http-port", "8080"], w => "--http-host 'my host' is not an IP address"),

        // seed
        new("seed-port-zero", w => [.. w.Seed(w.Config()), "--port", "0"], w => "--port must be 1..65535"),
        new("seed-port-text", w => [.. w.Seed(w.Config()), "--port", "http"], w => "http"),

        // worker
        new("worker-seed-no-port", w => Work.Worker("akka.tcp://activelab@host"), w => "--seed 'akka.tcp://activelab@host' has no port"),
        new("worker-seed-http", w => Work.Worker("http://x:1"), w => "--seed 'http://x:1' must start with akka.tcp://"),
        new("worker-seed-wrong-system", w => Work.Worker("akka.tcp://other@127.0.0.1:4053"), w => "must name the actor system 'activelab'"),
        new("worker-seed-port-99999", w => Work.Worker("akka.tcp://activelab@127.0.0.1:99999"), w => "port must be 1..65535"),
        new("worker-port-99999", w => [.. Work.Worker("akka.tcp://activelab@127.0.0.1:4053"), "--port", "99999"], w => "--port must be 0..65535, got 99999"),
        new("worker-slots-zero", w => [.. Work.Worker("akka.tcp://activelab@127.0.0.1:4053"), "--slots", "0"], w => "--slots must be 1 or more"),
        new("worker-seed-timeout-zero", w => ["worker", "--seed", "akka.tcp://activelab@127.0.0.1:4053", "--data-dir", Work.RepoData, "--seed-timeout", "0"],
            w => "--seed-timeout must be at least 1 second"),
        new("worker-public-wildcard", w => [.. Work.Worker("akka.tcp://activelab@127.0.0.1:4053"), "--public-host", "0.0.0.0"], w => "--public-host 0.0.0.0 is a wildcard"),
        new("worker-public-port-0", w => [.. Work.Worker("akka.tcp://activelab@127.0.0.1:4053"), "--public-port", "0"], w => "--public-port must be 1..65535, got 0"),
        new("seed-public-wildcard", w => [.. w.Seed(w.Config()), "--host", "0.0.0.0", "--public-host", "::", "--insecure"], w => "--public-host :: is a wildcard"),
        new("seed-open-without-tls", w => [.. w.Seed(w.Config()), "--host", "0.0.0.0"], w => "--host 0.0.0.0 is reachable from other machines"),
        new("worker-tls-missing-file", w => [.. Work.Worker("akka.tcp://activelab@127.0.0.1:4053"), "--tls-certificate", "missing.pfx"], w => "missing.pfx: file not found"),
        new("worker-tls-and-insecure", w => [.. Work.Worker("akka.tcp://activelab@127.0.0.1:4053"), "--tls-certificate", "c.pfx", "--insecure"], w => "--insecure and --tls-certificate exclude each other"),
    ];

    public static TheoryData<string> CaseNames => [.. All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Exits_2_with_one_error_line_and_writes_nothing(string name)
    {
        Case c = All.Single(x => x.Name == name);
        using var work = new Work();
        string[] args = c.Args(work);
        string expected = c.Expected(work);
        IReadOnlyDictionary<string, string> before = Snapshot(work.Path);

        CliResult r = Cli.Run(args);

        Assert.True(r.ExitCode == 2, $"{name}: exit {r.ExitCode}, stderr: {r.Error}");
        string line = Assert.Single(r.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.DoesNotContain("unexpected", line);
        Assert.True(line.Contains(expected, StringComparison.Ordinal), $"{name}: expected \"{expected}\" in: {line}");
        Assert.Equal(before, Snapshot(work.Path));
    }

    [Fact]
    public void Every_row_of_the_table_has_a_case_and_there_are_at_least_20()
    {
        Assert.True(All.Length >= 20);
        Assert.Equal(All.Length, All.Select(c => c.Name).Distinct().Count());
        string source = System.IO.File.ReadAllText(System.IO.Path.Combine(Repo.Root, "tests", "ActiveLab.Cli.Tests", "BadInputTests.cs"));
        foreach (Case c in All)
            Assert.Contains($"// | {c.Name} ", source);
    }

    /// <summary>Every file (relative path → SHA-256) and every folder (relative path → "dir") under <paramref name="root"/>.</summary>
    private static IReadOnlyDictionary<string, string> Snapshot(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            entries[Path.GetRelativePath(root, d)] = "dir";
        foreach (string f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            entries[Path.GetRelativePath(root, f)] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)));
        return entries;
    }
}
