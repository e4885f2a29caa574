using Akka.Actor;
using Akka.Serialization;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Tests;

public class CellEventSerializerTests
{
    internal static readonly CellRoundCompleted Round = new(
        new RoundResultData(2, 0.875, 1.0 / 3, -0.0, 7, 572, [256, 230], [1635, 1683, 1559, 1894, 625], [256, 230, 1635, 1683, 1559, 1894, 625],
            [0, 1, 3, 2, 0, 1, 1], double.NaN),
        new CarriedProbabilities(507, 4, [[120, 1, 98, 0, 255], []]), 0.011449299999999999, "akka.tcp://activelab@127.0.0.1:38289");

    internal static readonly CellFailed Failure = new(1, "job x failed 3 time(s): boom");

    [Fact]
    public async Task Cell_events_round_trip_exactly_through_the_configured_serializer()
    {
        var sweep = SweepConfig.Parse("activelab.sweep { name = s, datasets = [wall-robot], methods = [random], models = [et] }", "t.conf",
            TestPaths.Data, TestPaths.TempDir());
        using var system = ActorSystem.Create("ser", JournalConfig.For(sweep));
        try
        {
            foreach (var e in new object[] { Round, Failure })
            {
                var serializer = Assert.IsType<CellEventSerializer>(system.Serialization.FindSerializerFor(e));
                var bytes = serializer.ToBinary(e);
                var back = system.Serialization.Deserialize(bytes, CellEventSerializer.Id, serializer.Manifest(e));
                Assert.Equal(Describe(e), Describe(back));
            }
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Records compare arrays by reference: compare a full dump, doubles as their bits.</summary>
    internal static string Describe(object o) => o switch
    {
        CellRoundCompleted e => $"R {R(e.Result)} {e.Carried.Rows}x{e.Carried.Columns} [{string.Join("|", e.Carried.Members.Select(Convert.ToHexString))}] " +
                                $"{Bits(e.TrainSeconds)} {e.Nodes}",
        CellFailed f => $"F {f.Round} {f.Error}",
        _ => o.ToString()!,
    };

    private static string R(RoundResultData d) =>
        $"{d.Round} {Bits(d.ConsensusAccuracy)} {Bits(d.ModelAccuracy)} {Bits(d.DistributionEntropy)} {d.NumNewExamples} {d.LabelsCollected} " +
        $"{string.Join(",", d.RelabeledIds)} / {string.Join(",", d.NewIds)} / {string.Join(",", d.AnnotatedIds)} / {string.Join(",", d.AnnotatedLabels)} {Bits(d.Temperature)}";

    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);
}
