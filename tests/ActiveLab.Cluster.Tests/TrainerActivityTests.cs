using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Hosting;

namespace ActiveLab.Cluster.Tests;

/// <summary>The coordinator's record of each trainer (for the dashboard), without actors.</summary>
public class TrainerActivityTests
{
    private static readonly DateTime T0 = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Counts_results_and_failures_and_keeps_the_latest_time_and_node()
    {
        var a = new TrainerActivity<string>();
        a.Seen("w1", "akka.tcp://activelab@h:1", T0);
        a.Completed("w1", T0.AddSeconds(5));
        a.Completed("w1", T0.AddSeconds(3)); // a late message never moves the time back
        a.Failed("w1", T0.AddSeconds(4));
        a.Seen("w1", null, T0.AddSeconds(2)); // a renewal names no node: the node stays
        a.Seen("w2", "akka.tcp://activelab@h:2", T0.AddSeconds(1));

        var all = a.All().OrderBy(x => x.Worker).ToList();
        Assert.Equal(("w1", "akka.tcp://activelab@h:1", T0.AddSeconds(5), 2L, 1L), all[0]);
        Assert.Equal(("w2", "akka.tcp://activelab@h:2", T0.AddSeconds(1), 0L, 0L), all[1]);
    }

    [Theory]
    [InlineData("cpu", "device-cpu")]
    [InlineData("cuda:1", "device-cuda-1")]
    [InlineData(" Auto ", "device-auto")]
    public void Device_roles_keep_only_letters_digits_and_dashes(string device, string role) =>
        Assert.Equal(role, NodeOptions.DeviceRole(device));
}
