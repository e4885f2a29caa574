using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Akka.Hosting;
using Akka.Pattern;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Data.Sqlite;
using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Hosting;

/// <summary>A node could not start (port taken, unreadable journal, …); the message says why in one line.</summary>
public sealed class NodeStartException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One ActiveLab process in the cluster: its ActorSystem and, depending on roles, the coordinator singleton (with the
/// sweep's journal) and a trainer. <c>activelab run</c> starts one node with both roles that joins itself;
/// <c>seed</c> starts the coordinator role on a fixed port; <c>worker</c> starts trainers that join the seed.
/// A node that runs a sweep holds the sweep's lock (<see cref="SweepLock"/>) for its whole life.
/// </summary>
public sealed class SweepNode : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly SweepLock? _lock;
    private IActorRef? _trainer;

    private SweepNode(IHost host, ActorSystem system, SweepLock? sweepLock)
    {
        _host = host;
        System = system;
        _lock = sweepLock;
        Watch = NodeWatch.Get(system);
        // An actor system that stops by itself (downed by the cluster, failed join) ends the node's wait.
        system.WhenTerminated.ContinueWith(_ => Watch.Health.Stop(NodeStopKind.SystemStopped,
            "the node's actor system stopped (removed from the cluster or could not join it)"), TaskScheduler.Default);
    }

    public ActorSystem System { get; }

    /// <summary>The node's health and dependency watches; <see cref="NodeHealth.Stopped"/> completes when it cannot go on.</summary>
    public NodeWatch Watch { get; }

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    /// <summary>This node's address as other nodes reach it (akka.tcp://activelab@host:port).</summary>
    public string Address => Cluster.SelfAddress.ToString();

    /// <summary>
    /// Starts the ActorSystem; with no seed nodes the node joins itself (a one-node cluster). With a sweep, takes the
    /// sweep's lock first (<see cref="SweepLockedException"/>) and opens its journal; a port in use or an unreadable
    /// journal is a <see cref="NodeStartException"/>. Nothing is written before the lock is held.
    /// </summary>
    public static SweepNode Start(NodeOptions node, SweepConfig? sweep)
    {
        if (node.PublicHost is { } advertised && NodeOptions.IsWildcard(advertised))
            throw new NodeStartException($"--public-host {advertised} is a wildcard: advertise an address or name other nodes can reach (e.g. the machine's address, or the service name in a container)");
        CheckPortFree(NodeOptions.IsWildcard(node.Host) ? "0.0.0.0" : node.Host, node.Port);
        var certificate = node.Tls?.Load();
        SweepLock? sweepLock = sweep is null ? null : SweepLock.Acquire(sweep.SweepDir, sweep.Name);
        IHost host;
        try
        {
            if (sweep is not null) PrepareJournal(sweep);
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Services.AddSingleton<IHostLifetime, NodeLifetime>();
            builder.Services.AddAkka(NodeOptions.SystemName, akka => akka.WithActiveLabNode(node, sweep, certificate));
            host = builder.Build();
            // Akka.Hosting creates the actor system in its hosted service; nothing here awaits the network.
            host.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            sweepLock?.Dispose();
            if (e is NodeStartException) throw;
            throw new NodeStartException($"could not start the node on {node.Host}:{node.Port}: {e.Innermost().Message}", e);
        }
        var system = host.Services.GetRequiredService<ActorSystem>();
        system.RegisterExtension(sweep is null
            ? new NodeWatchId()
            : new NodeWatchId(sweep.UnavailableTimeout, sweep.JournalDescription));
        var n = new SweepNode(host, system, sweepLock);
        if (node.SeedNodes.Count == 0) n.Cluster.Join(n.Cluster.SelfAddress);
        return n;
    }

    /// <summary>A fixed port that something else holds is reported before Akka prints its own stack traces.</summary>
    private static void CheckPortFree(string host, int port)
    {
        if (port == 0) return;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var ip) ? [ip] : Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new NodeStartException($"--host {host}: not an address of this machine ({e.Message})");
        }
        foreach (var address in addresses.Take(1))
        {
            var listener = new TcpListener(address, port);
            try
            {
                listener.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new NodeStartException($"port {port} on {host} is already in use (another seed or program listens there); choose another --port");
            }
            catch (SocketException e)
            {
                throw new NodeStartException($"cannot listen on {host}:{port}: {e.Message}");
            }
            finally
            {
                listener.Stop();
            }
        }
    }

    /// <summary>Puts an SQLite journal in WAL mode (concurrent readers such as <c>activelab status</c> while the sweep
    /// writes) and checks that an existing file is an SQLite database.</summary>
    private static void PrepareJournal(SweepConfig sweep)
    {
        if (sweep.Persistence != PersistenceProvider.Sqlite) return;
        try
        {
            using var connection = new SqliteConnection(sweep.EffectiveConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA quick_check(1);";
            using var reader = command.ExecuteReader();
            while (reader.NextResult()) { }
        }
        catch (SqliteException e)
        {
            throw new NodeStartException($"journal {sweep.JournalDescription} is not a readable SQLite database: {e.Message}", e);
        }
    }

    /// <summary>Runs the sweep's coordinator as the cluster singleton (on a node with the coordinator role). A coordinator
    /// that stops (its journal failed) is started again with backoff; the journal watch ends the node if the outage
    /// lasts longer than the sweep's unavailable-timeout.</summary>
    public void StartCoordinator(SweepConfig sweep, DatasetRegistry datasets, IActorRef listener, SweepCoordinator.Options? options = null)
    {
        var results = ResultsWriter.Props(sweep.SweepDir, Cluster.SelfAddress.ToString());
        var coordinator = SweepCoordinator.Props(sweep, datasets, results, listener, options);
        var supervised = BackoffSupervisor.Props(Backoff.OnStop(coordinator, "sweep", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), 0.2, -1));
        System.ActorOf(ClusterSingletonManager.Props(supervised, PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(System).WithRole(NodeOptions.CoordinatorRole)),
            "coordinator");
    }

    /// <summary>A proxy that always reaches the current coordinator singleton (one per <paramref name="name"/>: the
    /// trainer's and the dashboard's are separate actors).</summary>
    public IActorRef CoordinatorProxy(string name = "coordinator-proxy") =>
        System.ActorOf(ClusterSingletonProxy.Props("/user/coordinator",
            ClusterSingletonProxySettings.Create(System).WithRole(NodeOptions.CoordinatorRole)), name);

    /// <summary>Starts this node's trainer with <paramref name="slots"/> concurrent jobs (or batches:
    /// <paramref name="batching"/>; null = one job at a time).</summary>
    public IActorRef StartTrainer(IActorRef coordinator, TrainingJobExecutor executor, int slots, TimeSpan heartbeat, TrainerBatching? batching = null) =>
        _trainer = System.ActorOf(TrainerNode.Props(coordinator, executor, slots, heartbeat, batching), "trainer");

    /// <summary>A listener whose task completes with <see cref="SweepCompleted"/> or <see cref="SweepRefused"/>.</summary>
    public (IActorRef Listener, Task<object> Outcome) Listen(Action<SweepStatus>? onProgress = null)
    {
        var tcs = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        return (System.ActorOf(SweepListener.Props(tcs, onProgress), "listener"), tcs.Task);
    }

    /// <summary>Graceful stop of the trainer: it takes no more jobs and hands its leases back to the coordinator at once
    /// (their jobs go to other nodes without waiting for lease expiry). Bounded: gives up after <paramref name="timeout"/>.</summary>
    public async Task DrainTrainerAsync(TimeSpan timeout)
    {
        if (_trainer is null) return;
        try
        {
            await _trainer.Ask<TrainerDrained>(new DrainTrainer(), timeout);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            // The coordinator is unreachable: the leases expire there instead.
        }
    }

    /// <summary>Leaves the cluster gracefully and stops the ActorSystem; releases the sweep lock.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // Stopping the host runs Akka.Hosting's CoordinatedShutdown (reason ClrExitReason), which leaves the cluster
            // gracefully. Not CoordinatedShutdown with ClusterLeavingReason ourselves: Akka.Hosting then sets the process
            // exit code to -1 once the system has terminated, and when that continuation ran after Main returned, a
            // sweep that finished cleanly exited 255 (seen in CI under load).
            await _host.StopAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception)
        {
            // Timed out or failed: make sure the system is gone anyway.
        }
        finally
        {
            if (!System.WhenTerminated.IsCompleted)
                await System.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
            _host.Dispose();
            _lock?.Dispose();
        }
    }
}
