using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Results;

namespace ActiveLab.Dashboard.Tests;

/// <summary>How the coordinator's detail, the cluster's members and the rounds written so far become one snapshot.</summary>
public sealed class SnapshotBuilderTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);
    private const string Seed = "akka.tcp://activelab@10.0.0.1:4053", Gpu = "akka.tcp://activelab@10.0.0.2:4100", Lost = "akka.tcp://activelab@10.0.0.3:4100";

    private static SweepDetail Detail(bool finished = false) => new(
        new SweepStatus("s", [], PendingJobs: 7, LeasedJobs: 3, CompletedJobs: 40, Workers: 2, Finished: finished, RoundsDone: 9, RoundsLeft: 3),
        [
            new CellDetail("d|random|et|0", "d", "random", "et", 0, CellState.Done, 4, 4, null),
            new CellDetail("d|random|et|1", "d", "random", "et", 1, CellState.Running, 2, 4, null),
            new CellDetail("d|crowdlab|et|0", "d", "crowdlab", "et", 0, CellState.Failed, 1, 4, "job x: boom"),
            new CellDetail("d|crowdlab|et|1", "d", "crowdlab", "et", 1, CellState.Pending, 0, 4, null),
        ],
        [
            new TrainerDetail(Gpu, 4, 3, 30, 1, Now.AddSeconds(-2)),
            new TrainerDetail(Lost, 2, 0, 10, 0, Now.AddMinutes(-5)),
        ]);

    private static readonly ClusterMemberInfo[] Members =
    [
        new(Seed, ["coordinator"], "up", true),
        new(Gpu, ["trainer", "device-cuda-1"], "up", false),
    ];

    [Fact]
    public void Nodes_join_membership_with_trainer_activity()
    {
        var s = SnapshotBuilder.Build("s", Detail(), Members, new SweepPaceEstimate(2.5, 0.1, TimeSpan.FromSeconds(30), Now), [], null, Now);
        Assert.Equal("running", s.State);
        Assert.Equal([Seed, Gpu, Lost], s.Nodes.Select(n => n.Address));
        var seed = s.Nodes[0];
        Assert.Equal(["coordinator"], seed.Roles);
        Assert.Equal(("up", (string?)null, 0, 0L, (DateTime?)null), (seed.Status, seed.Device, seed.Slots, seed.JobsDone, seed.LastHeartbeatUtc));
        var gpu = s.Nodes[1];
        Assert.Equal(["trainer"], gpu.Roles);
        Assert.Equal(("unreachable", (string?)"cuda-1", 4, 3, 1, 30L), (gpu.Status, gpu.Device, gpu.Slots, gpu.Busy, gpu.Free, gpu.JobsDone));
        Assert.Equal(("gone", 10L), (s.Nodes[2].Status, s.Nodes[2].JobsDone));
    }

    [Fact]
    public void Totals_cells_and_pace()
    {
        var s = SnapshotBuilder.Build("s", Detail(), Members, new SweepPaceEstimate(2.5, 0.1, TimeSpan.FromSeconds(30), Now.AddSeconds(-10)), [], null, Now);
        Assert.Equal(new TotalsView(4, 1, 1, 1, 1, 40, 3, 7, 1), s.Totals);
        Assert.Equal(["done", "running", "failed", "pending"], s.Cells.Select(c => c.State));
        Assert.Equal("job x: boom", s.Cells[2].Error);
        Assert.Equal(new PaceView(2.5, 0.1, 20, "20s"), s.Pace);

        var done = SnapshotBuilder.Build("s", Detail(finished: true), Members, new SweepPaceEstimate(2.5, 0.1, null, Now), [], null, Now);
        Assert.Equal(("finished", "done", 0.0), (done.State, done.Pace.TimeLeft, done.Pace.SecondsLeft));
        Assert.Equal("starting", SnapshotBuilder.Build("s", null, Members, new SweepPaceEstimate(null, null, null, Now), [], null, Now).State);
    }

    [Fact]
    public void Curves_are_mean_and_population_std_over_the_repeats_that_reached_each_round()
    {
        RoundRow Row(string method, int repeat, int round, double model, double consensus) =>
            new("d", method, "et", repeat, round, consensus, model, 0, 0, 0, 0, "n");
        var rows = new[]
        {
            Row("crowdlab", 0, 0, 0.5, 0.6), Row("crowdlab", 1, 0, 0.7, 0.8), Row("crowdlab", 0, 1, 0.9, 0.9),
            Row("random", 0, 0, 0.4, 0.5),
        };
        var s = SnapshotBuilder.Build("s", Detail(), Members, new SweepPaceEstimate(null, null, null, Now), rows, null, Now);
        var group = Assert.Single(s.Curves);
        Assert.Equal(("d", "et", 3), (group.Dataset, group.Model, group.LastRound)); // cells of 4 rounds: 0..3, though only 0..1 are written
        var model = group.Metrics.Single(m => m.Metric == "model_accuracy");
        Assert.Equal(["random", "crowdlab"], model.Methods.Select(m => m.Method)); // the paper's legend order
        var crowdlab = model.Methods[1].Points;
        Assert.Equal(0.6, crowdlab[0].Mean, 12);
        Assert.Equal(0.1, crowdlab[0].Std, 12);
        Assert.Equal((1, 0.9, 0.0, 1), (crowdlab[1].Round, crowdlab[1].Mean, crowdlab[1].Std, crowdlab[1].Runs));
        Assert.Equal(0.7, group.Metrics.Single(m => m.Metric == "consensus_accuracy").Methods[1].Points[0].Mean, 12);

        string svg = SvgChart.Render(group, model);
        Assert.Contains("data-metric=\"model_accuracy\"", svg);
        Assert.Equal(3, svg.Split("<circle").Length - 1);
        Assert.Contains("data-mean=\"0.9\"", svg);
    }
}
