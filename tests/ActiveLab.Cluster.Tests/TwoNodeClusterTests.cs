using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Net.Sockets;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Tests;

/// <summary>A seed node (coordinator only) and a worker node (trainer only) in one process, over TCP on 127.0.0.1.</summary>
public class TwoNodeClusterTests
{
    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [Fact]
    public async Task Seed_and_worker_nodes_run_a_sweep_with_the_same_results_as_one_node()
    {
        var single = SweepHarness.Config(TestPaths.TempDir(), rounds: 3);
        Assert.IsType<SweepCompleted>(await SweepHarness.RunSingleNode(single));

        var config = SweepHarness.Config(TestPaths.TempDir(), rounds: 3);
        int port = FreePort();
        string seedAddress = $"akka.tcp://activelab@127.0.0.1:{port}";
        await using var seed = SweepNode.Start(new NodeOptions("127.0.0.1", port, [seedAddress], [NodeOptions.CoordinatorRole]), config);
        var (listener, outcome) = seed.Listen();
        seed.StartCoordinator(config, new DatasetRegistry(config.DataDir), listener);

        await using var worker = SweepNode.Start(new NodeOptions("127.0.0.1", 0, [seedAddress], [NodeOptions.TrainerRole]), null);
        var workerData = new DatasetRegistry(TestPaths.Data);
        worker.StartTrainer(worker.CoordinatorProxy(), new TrainingJobExecutor(workerData, new DefaultTrainingModels(), worker.Address), 2, config.HeartbeatInterval);

        var done = Assert.IsType<SweepCompleted>(await outcome.WaitAsync(SweepHarness.Timeout));
        Assert.Equal(2, done.Status.CellsDone);
        Assert.Equal(SweepHarness.DeterministicRounds(single), SweepHarness.DeterministicRounds(config));
        // Every round was trained on the worker node, not on the seed.
        Assert.All(ActiveLab.Results.ParquetTables.ReadRounds(Path.Combine(config.SweepDir, "rounds.parquet")),
            r => Assert.Equal(worker.Address, r.Node));
    }

    [Fact]
    public async Task A_seed_bound_to_every_interface_advertises_its_public_host_and_workers_join_it_there()
    {
        var config = SweepHarness.Config(TestPaths.TempDir(), methods: "[random]", rounds: 1);
        int port = FreePort();
        string advertised = $"akka.tcp://activelab@127.0.0.1:{port}";
        var options = new NodeOptions("0.0.0.0", port, [advertised], [NodeOptions.CoordinatorRole]) { PublicHost = "127.0.0.1" };
        await using var seed = SweepNode.Start(options, config);
        Assert.Equal(advertised, seed.Address); // not akka.tcp://activelab@0.0.0.0:…, which no worker can reach
        var (listener, outcome) = seed.Listen();
        seed.StartCoordinator(config, new DatasetRegistry(config.DataDir), listener);

        await using var worker = SweepNode.Start(new NodeOptions("127.0.0.1", 0, [advertised], [NodeOptions.TrainerRole]), null);
        worker.StartTrainer(worker.CoordinatorProxy(), new TrainingJobExecutor(new DatasetRegistry(TestPaths.Data), new DefaultTrainingModels(), worker.Address),
            1, config.HeartbeatInterval);
        var done = Assert.IsType<SweepCompleted>(await outcome.WaitAsync(SweepHarness.Timeout));
        Assert.Equal(1, done.Status.CellsDone);
    }

    [Fact]
    public void A_wildcard_is_never_advertised()
    {
        Assert.Equal(System.Net.Dns.GetHostName(), new NodeOptions("0.0.0.0", 4053, [], []).AdvertisedHost);
        Assert.Equal("10.0.0.5", new NodeOptions("10.0.0.5", 4053, [], []).AdvertisedHost);
        var refused = Assert.Throws<NodeStartException>(() =>
            SweepNode.Start(new NodeOptions("0.0.0.0", 0, [], [NodeOptions.TrainerRole]) { PublicHost = "0.0.0.0" }, null));
        Assert.Contains("wildcard", refused.Message);
    }

    /// <summary>A self-signed certificate with its key, as a PKCS#12 file (what an operator makes once per cluster).</summary>
    private static string Certificate(string dir, string name, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string path = Path.Combine(dir, name + ".pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, password));
        return path;
    }

    [Fact]
    public async Task With_tls_only_nodes_holding_the_clusters_certificate_join_and_get_jobs()
    {
        var dir = TestPaths.TempDir();
        var clusterTls = new NodeTls(Certificate(dir, "activelab-cluster", "s3cret"), "s3cret");
        var otherTls = new NodeTls(Certificate(dir, "intruder", "other"), "other");
        var config = SweepHarness.Config(TestPaths.TempDir(), methods: "[random]", rounds: 1);
        int port = FreePort();
        string seedAddress = $"akka.tcp://activelab@127.0.0.1:{port}";
        await using var seed = SweepNode.Start(new NodeOptions("127.0.0.1", port, [seedAddress], [NodeOptions.CoordinatorRole]) { Tls = clusterTls }, config);
        var (listener, outcome) = seed.Listen();
        seed.StartCoordinator(config, new DatasetRegistry(config.DataDir), listener);

        // An intruder with another certificate, and a node without TLS: neither becomes a member nor gets a job.
        TrainingJobExecutor Executor(SweepNode n) => new(new DatasetRegistry(TestPaths.Data), new DefaultTrainingModels(), n.Address);
        await using var intruder = SweepNode.Start(new NodeOptions("127.0.0.1", 0, [seedAddress], [NodeOptions.TrainerRole]) { Tls = otherTls }, null);
        intruder.StartTrainer(intruder.CoordinatorProxy(), Executor(intruder), 2, config.HeartbeatInterval);
        await using var plain = SweepNode.Start(new NodeOptions("127.0.0.1", 0, [seedAddress], [NodeOptions.TrainerRole]), null);
        plain.StartTrainer(plain.CoordinatorProxy(), Executor(plain), 2, config.HeartbeatInterval);
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.NotEqual(Akka.Cluster.MemberStatus.Up, intruder.Cluster.SelfMember.Status);
        Assert.NotEqual(Akka.Cluster.MemberStatus.Up, plain.Cluster.SelfMember.Status);
        Assert.Single(seed.Cluster.State.Members);

        await using var worker = SweepNode.Start(new NodeOptions("127.0.0.1", 0, [seedAddress], [NodeOptions.TrainerRole]) { Tls = clusterTls }, null);
        worker.StartTrainer(worker.CoordinatorProxy(), Executor(worker), 2, config.HeartbeatInterval);
        var done = Assert.IsType<SweepCompleted>(await outcome.WaitAsync(SweepHarness.Timeout));
        Assert.Equal(1, done.Status.CellsDone);
        Assert.All(ActiveLab.Results.ParquetTables.ReadRounds(Path.Combine(config.SweepDir, "rounds.parquet")),
            r => Assert.Equal(worker.Address, r.Node));
    }

    [Fact]
    public void A_tls_certificate_that_cannot_be_read_stops_the_node_at_start()
    {
        var dir = TestPaths.TempDir();
        string path = Certificate(dir, "c", "right");
        var wrong = Assert.Throws<NodeStartException>(() =>
            SweepNode.Start(new NodeOptions("127.0.0.1", 0, [], [NodeOptions.TrainerRole]) { Tls = new NodeTls(path, "wrong") }, null));
        Assert.Contains("cannot be read", wrong.Message);
        var missing = Assert.Throws<NodeStartException>(() =>
            SweepNode.Start(new NodeOptions("127.0.0.1", 0, [], [NodeOptions.TrainerRole]) { Tls = new NodeTls(Path.Combine(dir, "none.pfx"), null) }, null));
        Assert.Contains("file not found", missing.Message);
    }
}
