using Akka.Actor;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Tests;

public class WorkSerializerTests
{
    private static readonly TrainingJob Job = new("c|r1|m0|f2", new JobCell("c", "wall-robot", 123, "fp", 7, "random/et", 3, 1), "et", 1,
        new FoldSpec(2, 5, true, false), new JobRows([1, 5, 9], [0, 3, 2], [11, 12]), "real");

    [Fact]
    public async Task Work_messages_round_trip_exactly_through_the_configured_serializer()
    {
        // A node wired as every command wires one: the serializer is bound there once, to IWorkMessage.
        await using var node = SweepNode.Start(new NodeOptions("127.0.0.1", 0, [], [NodeOptions.TrainerRole]), null);
        var system = node.System;
        try
        {
            var output = new TrainingJobOutput(Job.JobId, 1, 2, new MatrixData(2, 2, [0.1, double.Epsilon, 1.0 / 3, -0.0]), null,
                new MatrixData(1, 2, [double.NaN, 1]), 0.875, 1.5, "node-x");
            object[] messages =
            [
                new WorkAssignment(Job, 42),
                new WorkAssignment(Job with { Cell = Job.Cell with { DatasetSeed = null }, Fold = Job.Fold with { Index = FoldSpec.FullFit } }, 43),
                new JobSucceeded(Job.JobId, 42, output),
                new JobFailed(Job.JobId, 42, "boom", "node-y"),
                new RequestWork(4, "node-z"),
                new RenewLeases(["a", "b"], [1, 2]),
                new ReturnLeases(["a"], [7], "stopping"),
                new LeasesReturned(1),
                new SweepFinished("s"),
            ];
            foreach (var m in messages)
            {
                var serializer = system.Serialization.FindSerializerFor(m);
                Assert.IsType<WorkSerializer>(serializer);
                var bytes = serializer.ToBinary(m);
                var back = system.Serialization.Deserialize(bytes, serializer.Identifier, ((Akka.Serialization.SerializerWithStringManifest)serializer).Manifest(m));
                Assert.Equal(Describe(m), Describe(back));
            }
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_length_prefix_larger_than_the_message_is_refused_before_allocating()
    {
        using var system = ActorSystem.Create("bounds");
        try
        {
            var serializer = new WorkSerializer((Akka.Actor.ExtendedActorSystem)system);
            // A renewal claiming int.MaxValue job ids in a 12-byte message.
            var renew = new byte[12];
            BitConverter.GetBytes(int.MaxValue).CopyTo(renew, 0);
            Assert.Throws<InvalidDataException>(() => serializer.FromBinary(renew, "L"));
            // A result whose 1 × 1 matrix is rewritten to claim 100,000 × 100,000 doubles. From the end of the message:
            // node "n" (2 bytes), seconds and accuracy (8 + 8), two absent matrices (1 + 1), the 8 value bytes, then
            // the columns and rows (4 + 4).
            var bytes = serializer.ToBinary(new JobSucceeded(Job.JobId, 1,
                new TrainingJobOutput(Job.JobId, 0, 0, new MatrixData(1, 1, [0.5]), null, null, 1, 1, "n")));
            Assert.IsType<JobSucceeded>(serializer.FromBinary(bytes, "S"));
            int rowsAt = bytes.Length - 2 - 8 - 8 - 1 - 1 - 8 - 4 - 4;
            Assert.Equal(1, BitConverter.ToInt32(bytes, rowsAt));
            BitConverter.GetBytes(100_000).CopyTo(bytes, rowsAt);
            BitConverter.GetBytes(100_000).CopyTo(bytes, rowsAt + 4);
            Assert.Throws<InvalidDataException>(() => serializer.FromBinary(bytes, "S"));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task An_assignment_written_in_another_job_format_is_refused_with_the_reason()
    {
        using var system = ActorSystem.Create("format");
        try
        {
            var serializer = new WorkSerializer((Akka.Actor.ExtendedActorSystem)system);
            var bytes = serializer.ToBinary(new WorkAssignment(Job, 1));
            Assert.Equal(WorkSerializer.JobFormat, bytes[0]);
            bytes[0] = WorkSerializer.JobFormat - 1;
            var error = Assert.Throws<ArgumentException>(() => serializer.FromBinary(bytes, "A"));
            Assert.Contains("different builds", error.Message);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Records compare arrays by reference, so compare a full textual dump with round-trip doubles.</summary>
    private static string Describe(object o) => o switch
    {
        WorkAssignment a => $"A {a.LeaseId} {DescribeJob(a.Job)}",
        JobSucceeded s => $"S {s.JobId} {s.LeaseId} {s.Output.Member} {s.Output.Fold} {M(s.Output.HeldOut)} {M(s.Output.Unlabeled)} {M(s.Output.Test)} {s.Output.Accuracy:R} {s.Output.Seconds:R} {s.Output.Node}",
        JobFailed f => $"F {f.JobId} {f.LeaseId} {f.Error} {f.Node}",
        RequestWork r => $"R {r.Slots} {r.Node}",
        RenewLeases l => $"L {string.Join(",", l.JobIds)} {string.Join(",", l.LeaseIds)}",
        ReturnLeases b => $"B {string.Join(",", b.JobIds)} {string.Join(",", b.LeaseIds)} {b.Reason}",
        _ => o.ToString()!,
    };

    private static string DescribeJob(TrainingJob j) =>
        $"{j with { Rows = new JobRows([], [], []) }} {string.Join(",", j.Rows.LabeledIds)} {string.Join(",", j.Rows.Labels)} {string.Join(",", j.Rows.UnlabeledIds)}";

    private static string M(MatrixData? m) => m is null ? "null" : $"{m.Rows}x{m.Columns}:{string.Join(",", m.Values.Select(v => BitConverter.DoubleToInt64Bits(v)))}";
}
