using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Microsoft.Data.Sqlite;
using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// One ActiveLab process in the cluster: its ActorSystem and, depending on roles, the coordinator singleton (with the
/// sweep's journal) and a trainer. <c>activelab run</c> starts one node with both roles that joins itself;
/// <c>seed</c> starts the coordinator role on a fixed port; <c>worker</c> starts trainers that join the seed.
/// </summary>
public sealed class SweepNode : IAsyncDisposable
{
    private SweepNode(ActorSystem system) => System = system;

    public ActorSystem System { get; }

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    /// <summary>This node's address as other nodes reach it (akka.tcp://activelab@host:port).</summary>
    public string Address => Cluster.SelfAddress.ToString();

    /// <summary>Starts the ActorSystem; with no seed nodes the node joins itself (a one-node cluster).</summary>
    public static SweepNode Start(NodeOptions node, SweepConfig? sweep)
    {
        if (sweep is not null) PrepareJournal(sweep);
        var system = ActorSystem.Create(NodeOptions.SystemName, AkkaConfig.Build(node, sweep));
        var n = new SweepNode(system);
        if (node.SeedNodes.Count == 0) n.Cluster.Join(n.Cluster.SelfAddress);
        return n;
    }

    /// <summary>Creates the sweep folder and puts an SQLite journal in WAL mode (concurrent readers such as
    /// <c>activelab status</c> while the sweep writes).</summary>
    private static void PrepareJournal(SweepConfig sweep)
    {
        Directory.CreateDirectory(sweep.SweepDir);
        if (sweep.Persistence != PersistenceProvider.Sqlite) return;
        using var connection = new SqliteConnection(sweep.EffectiveConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>Runs the sweep's coordinator as the cluster singleton (on a node with the coordinator role).</summary>
    public void StartCoordinator(SweepConfig sweep, DatasetRegistry datasets, IActorRef listener, SweepCoordinator.Options? options = null)
    {
        var results = ResultsWriter.Props(sweep.SweepDir, Cluster.SelfAddress.ToString());
        System.ActorOf(ClusterSingletonManager.Props(
                SweepCoordinator.Props(sweep, datasets, results, listener, options),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(System).WithRole(NodeOptions.CoordinatorRole)),
            "coordinator");
    }

    /// <summary>A proxy that always reaches the current coordinator singleton.</summary>
    public IActorRef CoordinatorProxy() =>
        System.ActorOf(ClusterSingletonProxy.Props("/user/coordinator",
            ClusterSingletonProxySettings.Create(System).WithRole(NodeOptions.CoordinatorRole)), "coordinator-proxy");

    /// <summary>Starts this node's trainer with <paramref name="slots"/> concurrent jobs.</summary>
    public IActorRef StartTrainer(IActorRef coordinator, TrainingJobExecutor executor, int slots, TimeSpan heartbeat) =>
        System.ActorOf(TrainerNode.Props(coordinator, executor, slots, heartbeat), "trainer");

    /// <summary>A listener whose task completes with <see cref="SweepCompleted"/> or <see cref="SweepRefused"/>.</summary>
    public (IActorRef Listener, Task<object> Outcome) Listen(Action<SweepStatus>? onProgress = null)
    {
        var tcs = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        return (System.ActorOf(SweepListener.Props(tcs, onProgress), "listener"), tcs.Task);
    }

    /// <summary>Leaves the cluster gracefully and stops the ActorSystem.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception)
        {
            await System.Terminate();
        }
    }
}
