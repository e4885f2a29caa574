using System.Text.RegularExpressions;
using ActiveLab.Cluster.Sweeps;
using YamlDotNet.RepresentationModel;

namespace ActiveLab.Cli.Tests;

// The deployment files (deploy/, docker-compose.cluster.yml) checked without a Docker engine: every command they run
// is handed to the real command line with --help (Spectre refuses an unknown verb or option even then, exit 2), and
// the wiring between services (seed address, healthcheck, GPU reservation, grace periods, the journal password) is
// read from the files themselves.
public sealed class DeployFilesTests
{
    /// <summary>The publish command the README documents and both Dockerfiles run.</summary>
    private const string PublishCommand = "dotnet publish src/ActiveLab.Cli -c Release -r linux-x64 --self-contained false -o /app";

    private static readonly string ClusterCompose = Path.Combine(Repo.Root, "docker-compose.cluster.yml");
    private static readonly string CpuCompose = Path.Combine(Repo.Root, "deploy", "docker-compose.cpu.yml");
    private static readonly string[] ActiveLabVerbs = ["seed", "worker", "run", "status"];

    [Fact]
    public void Help_with_an_unknown_option_fails_so_the_help_check_means_something()
    {
        Assert.Equal(0, Cli.Run("worker", "--seed", "akka.tcp://activelab@seed:4053", "--help").ExitCode);
        Assert.Equal(2, Cli.Run("worker", "--no-such-option", "1", "--help").ExitCode);
        Assert.Equal(2, Cli.Run("no-such-verb", "--help").ExitCode);
    }

    [Theory]
    [InlineData("docker-compose.cluster.yml")]
    [InlineData("deploy/docker-compose.cpu.yml")]
    public void Every_compose_command_names_an_existing_verb_and_options(string file)
    {
        var services = Services(Path.Combine(Repo.Root, file));
        var commands = services.Where(s => HasCommand(s.Value)).ToArray();
        Assert.NotEmpty(commands);
        foreach (var (name, service) in commands)
        {
            var args = Command(name, service);
            Assert.Contains(args[0], ActiveLabVerbs);
            AssertHelpAccepts($"{file}: {name}", args);
            AssertTlsWhenOpen($"{file}: {name}", args);
        }
    }

    [Fact]
    public void Postgres_has_a_pg_isready_healthcheck_and_the_seed_waits_for_it()
    {
        var services = Services(ClusterCompose);
        var postgres = Map(services["postgres"]);
        Assert.StartsWith("postgres:", Scalar(postgres, "image"));
        var test = Map(postgres["healthcheck"])["test"];
        string testText = test is YamlSequenceNode seq ? string.Join(' ', seq.Children.Select(c => ((YamlScalarNode)c).Value)) : ((YamlScalarNode)test).Value!;
        Assert.Contains("pg_isready", testText);

        var dependsOn = Map(Map(services["seed"])["depends_on"]);
        Assert.Equal("service_healthy", Scalar(Map(dependsOn["postgres"]), "condition"));
    }

    [Theory]
    [InlineData("docker-compose.cluster.yml")]
    [InlineData("deploy/docker-compose.cpu.yml")]
    public void Workers_join_the_seed_service_at_the_name_and_port_it_advertises(string file)
    {
        var seedArgs = Command("seed", Services(ClusterCompose)["seed"]);
        Assert.Equal("seed", Option(seedArgs, "--public-host"));
        string seedPort = Option(seedArgs, "--port") ?? "4053";

        var workers = Services(Path.Combine(Repo.Root, file)).Where(s => s.Key.StartsWith("worker", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, workers.Length);
        foreach (var (name, service) in workers)
        {
            var args = Command(name, service);
            Assert.Equal("worker", args[0]);
            Assert.Equal($"akka.tcp://activelab@seed:{seedPort}", Option(args, "--seed"));
            Assert.Equal(name, Option(args, "--public-host"));
            Assert.Equal("0.0.0.0", Option(args, "--host"));
            Assert.Equal("/data", Option(args, "--data-dir"));
        }
    }

    [Fact]
    public void Gpu_workers_reserve_an_nvidia_device_and_use_the_cuda_image()
    {
        foreach (var (name, service) in Services(ClusterCompose).Where(s => s.Key.StartsWith("worker", StringComparison.Ordinal)))
        {
            var map = Map(service);
            Assert.Equal("deploy/Dockerfile.cuda", Scalar(Map(map["build"]), "dockerfile"));
            Assert.StartsWith("cuda", Option(Command(name, service), "--device"));
            var devices = (YamlSequenceNode)Map(Map(Map(map["deploy"])["resources"])["reservations"])["devices"];
            var device = Map(Assert.Single(devices.Children));
            Assert.Equal("nvidia", Scalar(device, "driver"));
            Assert.Contains("gpu", ((YamlSequenceNode)device["capabilities"]).Children.Select(c => ((YamlScalarNode)c).Value));
            Assert.True(device.Children.ContainsKey("count") || device.Children.ContainsKey("device_ids"), name);
        }
    }

    [Fact]
    public void Cpu_override_runs_cpu_workers_from_the_cpu_image_without_a_device_reservation()
    {
        var gpuWorkers = Services(ClusterCompose).Keys.Where(k => k.StartsWith("worker", StringComparison.Ordinal)).Order().ToArray();
        var cpu = Services(CpuCompose);
        Assert.Equal(gpuWorkers, cpu.Keys.Where(k => k.StartsWith("worker", StringComparison.Ordinal)).Order().ToArray());
        foreach (var (name, service) in cpu)
        {
            var map = Map(service);
            Assert.Equal("deploy/Dockerfile", Scalar(Map(map["build"]), "dockerfile"));
            Assert.Equal("cpu", Option(Command(name, service), "--device"));
            Assert.Equal("!reset", map["deploy"].Tag.Value);
        }
    }

    [Theory]
    [InlineData("docker-compose.cluster.yml")]
    [InlineData("deploy/docker-compose.cpu.yml")]
    public void Every_activelab_service_gets_at_least_30s_to_stop_and_builds_from_an_existing_dockerfile(string file)
    {
        bool isOverride = file.Contains("cpu", StringComparison.Ordinal);
        foreach (var (name, service) in Services(Path.Combine(Repo.Root, file)))
        {
            var map = Map(service);
            if (map.Children.ContainsKey("stop_grace_period"))
                Assert.True(Duration(Scalar(map, "stop_grace_period")) >= TimeSpan.FromSeconds(30), $"{file}: {name}");
            else if (HasCommand(service) && !isOverride)
                Assert.Fail($"{file}: {name} runs activelab without a stop_grace_period (Docker's default 10 s is shorter than a node's ~25 s leave)");
            if (map.Children.ContainsKey("build"))
                Assert.True(File.Exists(Path.Combine(Repo.Root, Scalar(Map(map["build"]), "dockerfile"))), $"{file}: {name}");
        }
    }

    [Fact]
    public void Cluster_conf_is_a_postgresql_sweep_whose_password_is_the_composes()
    {
        string path = Path.Combine(Repo.Root, "deploy", "cluster.conf");
        // password-file names a Docker secret that exists only in the container: read the config as it is there.
        string text = File.ReadAllText(path);
        string secretPath = System.Text.RegularExpressions.Regex.Match(text, "password-file = \"([^\"]+)\"").Groups[1].Value;
        Assert.Equal("/run/secrets/db_password", secretPath);
        var dir = Directory.CreateTempSubdirectory("activelab-deploy-").FullName;
        File.WriteAllText(Path.Combine(dir, "db_password"), "secret\n");
        var config = SweepConfig.Parse(text.Replace(secretPath, Path.Combine(dir, "db_password")), path);
        Assert.Equal(PersistenceProvider.PostgreSql, config.Persistence);
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(config.ConnectionString);
        Assert.Equal("postgres", connection.Host);
        Assert.True(string.IsNullOrEmpty(connection.Password), "a password is written in deploy/cluster.conf");
        Assert.Contains("Password=secret", config.EffectiveConnectionString);

        // PostgreSQL and the seed read the same secret.
        var environment = Map(Map(Services(ClusterCompose)["postgres"])["environment"]);
        Assert.Equal(secretPath, Scalar(environment, "POSTGRES_PASSWORD_FILE"));
        foreach (var service in new[] { "postgres", "seed" })
            Assert.Contains("db_password", ((YamlSequenceNode)Map(Services(ClusterCompose)[service])["secrets"]).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Equal(Scalar(environment, "POSTGRES_USER"), connection.Username);
        Assert.Equal(Scalar(environment, "POSTGRES_DB"), connection.Database);

        // The seed mounts this file where its --config points.
        var seed = Services(ClusterCompose)["seed"];
        var volumes = ((YamlSequenceNode)Map(seed)["volumes"]).Children.Select(v => ((YamlScalarNode)v).Value).ToArray();
        Assert.Contains($"./deploy/cluster.conf:{Option(Command("seed", seed), "--config")}:ro", volumes);
    }

    [Fact]
    public void Dockerfiles_run_the_documented_publish_command()
    {
        Assert.Contains(PublishCommand, File.ReadAllText(Path.Combine(Repo.Root, "README.md")));
        Assert.Contains(PublishCommand, File.ReadAllText(Path.Combine(Repo.Root, "deploy", "README.md")));

        string cpu = File.ReadAllText(Path.Combine(Repo.Root, "deploy", "Dockerfile"));
        Assert.Equal(PublishCommand, Assert.Single(PublishLines(cpu)));
        string cuda = File.ReadAllText(Path.Combine(Repo.Root, "deploy", "Dockerfile.cuda"));
        Assert.StartsWith(PublishCommand + " -p:TorchBackend=none", Assert.Single(PublishLines(cuda)));
        Assert.Contains("LD_LIBRARY_PATH=", cuda);

        foreach (var text in new[] { cpu, cuda })
        {
            Assert.Contains("ENTRYPOINT [\"/app/activelab\"]", text);
            Assert.Contains("STOPSIGNAL SIGTERM", text);
            Assert.Contains("VOLUME /results", text);
            Assert.Contains("ACTIVELAB_DATA_DIR=/data", text);
            var user = Regex.Matches(text, @"^USER\s+(\S+)", RegexOptions.Multiline).Last().Groups[1].Value;
            Assert.DoesNotContain(user, new[] { "root", "0" });
        }
    }

    [Theory]
    [InlineData("activelab-seed.service", "")]
    [InlineData("activelab-worker@.service", "cpu")]
    [InlineData("activelab-worker@.service", "cuda:0")]
    public void Systemd_units_run_existing_options_and_stop_gracefully(string unit, string instance)
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Root, "deploy", "systemd", unit));
        string Setting(string key) => Assert.Single(lines, l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

        Assert.Equal("simple", Setting("Type"));
        Assert.Equal("SIGTERM", Setting("KillSignal"));
        Assert.True(int.Parse(Setting("TimeoutStopSec"), System.Globalization.CultureInfo.InvariantCulture) >= 30);
        Assert.Equal("on-failure", Setting("Restart"));
        var noRestart = Setting("RestartPreventExitStatus").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("2", noRestart);
        Assert.Contains("4", noRestart);
        Assert.DoesNotContain("5", noRestart);
        Assert.Equal("activelab", Setting("User"));

        // ${VAR} from the shipped environment file, %i the instance (the device).
        var env = File.ReadAllLines(Path.Combine(Repo.Root, "deploy", "systemd", "activelab.env"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        string execStart = Regex.Replace(Setting("ExecStart"), @"\$\{(\w+)\}", m => env[m.Groups[1].Value]).Replace("%i", instance);
        Assert.DoesNotContain("%", execStart);
        var words = execStart.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/opt/activelab/activelab", words[0]);
        AssertHelpAccepts(unit, words[1..]);
        AssertTlsWhenOpen(unit, words[1..]);
    }

    /// <summary>A node that binds a non-loopback address must present the cluster's certificate (else it is refused
    /// at start), and never runs --insecure from a shipped file.</summary>
    private static void AssertTlsWhenOpen(string where, IReadOnlyList<string> args)
    {
        int host = args.ToList().IndexOf("--host");
        Assert.True(host >= 0, $"{where}: no --host");
        if (args[host + 1] is "127.0.0.1" or "localhost") return;
        Assert.True(args.Contains("--tls-certificate") && args.Contains("--tls-password-file"), $"{where}: binds {args[host + 1]} without --tls-certificate / --tls-password-file");
        Assert.DoesNotContain("--insecure", args);
    }

    private static void AssertHelpAccepts(string where, string[] args)
    {
        var result = Cli.Run([.. args, "--help"]);
        Assert.True(result.ExitCode == 0, $"{where}: activelab {string.Join(' ', args)} --help exited {result.ExitCode}: {result.Error}");
    }

    private static IEnumerable<string> PublishLines(string dockerfile) =>
        dockerfile.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("dotnet publish", StringComparison.Ordinal))
            .Select(l => l.Split("&&")[0].TrimEnd(' ', '\\'));

    private static Dictionary<string, YamlNode> Services(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return Map(root["services"]).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => kv.Value);
    }

    private static YamlMappingNode Map(YamlNode node) => Assert.IsType<YamlMappingNode>(node);

    private static string Scalar(YamlMappingNode map, string key) => Assert.IsType<YamlScalarNode>(map[key]).Value!;

    private static bool HasCommand(YamlNode service) => Map(service).Children.ContainsKey("command");

    /// <summary>A service's command line as the node sees it: the command (only the list form, so that no shell splitting
    /// is guessed) with its ACTIVELAB__ environment merged in by the CLI's own code. An override file's service keeps the
    /// base file's environment, as Compose merges them.</summary>
    private static string[] Command(string name, YamlNode service)
    {
        var args = Assert.IsType<YamlSequenceNode>(Map(service)["command"]).Children.Select(c => ((YamlScalarNode)c).Value!).ToArray();
        var withEnvironment = Map(service).Children.ContainsKey("environment") ? service : Services(ClusterCompose).GetValueOrDefault(name);
        var environment = withEnvironment is not null && Map(withEnvironment).Children.TryGetValue("environment", out var e)
            ? Map(e).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!)
            : new Dictionary<string, string>();
        return EnvironmentArguments.Merge(args, environment, Program.SettingsTypes);
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A Compose duration (<c>40s</c>, <c>1m30s</c>, <c>500ms</c>).</summary>
    private static TimeSpan Duration(string text)
    {
        var parts = Regex.Matches(text, @"(\d+(?:\.\d+)?)(ms|us|h|m|s)");
        Assert.Equal(text, string.Concat(parts.Select(p => p.Value)));
        return parts.Aggregate(TimeSpan.Zero, (sum, p) =>
        {
            double v = double.Parse(p.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return sum + p.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(v),
                "m" => TimeSpan.FromMinutes(v),
                "s" => TimeSpan.FromSeconds(v),
                "ms" => TimeSpan.FromMilliseconds(v),
                _ => TimeSpan.FromMicroseconds(v),
            };
        });
    }
}
