using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;

namespace ActiveLab.Cluster.Tests;

/// <summary>The settings a node really runs with, read back from its actor system (the wiring is Akka.Hosting's typed
/// options plus a fixed block; a wrong option name would silently fall back to Akka's default).</summary>
public class NodeWiringTests
{
    [Fact]
    public async Task A_node_binds_one_address_advertises_another_and_runs_the_expected_cluster_settings()
    {
        await using var node = SweepNode.Start(new NodeOptions("0.0.0.0", 0, [], [NodeOptions.TrainerRole]) { PublicHost = "trainer-7.example" }, null);
        var config = node.System.Settings.Config;
        Assert.Equal("0.0.0.0", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("trainer-7.example", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal("trainer-7.example", node.Cluster.SelfAddress.Host);
        Assert.Equal(NodeWiring.MaxFrameBytes, config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
        Assert.Equal(["trainer"], config.GetStringList("akka.cluster.roles"));
        Assert.Equal("keep-oldest", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.True(config.GetBoolean("akka.cluster.split-brain-resolver.keep-oldest.down-if-alone"));
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.False(config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
        Assert.False(config.GetBoolean("akka.coordinated-shutdown.exit-clr"));
        Assert.Contains(config.GetStringList("akka.loggers"), l => l.Contains(nameof(OneLineLogger), StringComparison.Ordinal));
        Assert.False(config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        // Bound once, to the protocol's interface: every work message gets the binary serializer.
        Assert.IsType<WorkSerializer>(node.System.Serialization.FindSerializerFor(new RequestWork(1, "n")));
        Assert.IsType<WorkSerializer>(node.System.Serialization.FindSerializerForType(typeof(SweepFinished)));
    }

    [Fact]
    public async Task A_worker_with_a_join_timeout_gets_it()
    {
        await using var node = SweepNode.Start(new NodeOptions("127.0.0.1", 0, ["akka.tcp://activelab@127.0.0.1:1"], [NodeOptions.TrainerRole])
            { JoinTimeout = TimeSpan.FromSeconds(7) }, null);
        Assert.Equal(TimeSpan.FromSeconds(7), node.System.Settings.Config.GetTimeSpan("akka.cluster.shutdown-after-unsuccessful-join-seed-nodes"));
        Assert.Equal(["akka.tcp://activelab@127.0.0.1:1"], node.System.Settings.Config.GetStringList("akka.cluster.seed-nodes"));
    }
}
