using Akka.Actor;
using Akka.Serialization;
using ActiveLab.Cluster.Training;
using static ActiveLab.Cluster.Protocol.BinaryArrays;

namespace ActiveLab.Cluster.Protocol;

/// <summary>
/// Compact binary serializer for the messages that cross the network on every job (assignments with their id and
/// label arrays, results with their probability matrices, demand and lease renewals). The default JSON serializer
/// spent about half of a worker's CPU on these; doubles are written bit-exactly, so remote results equal local ones.
/// Bound in <c>NodeWiring</c>; other messages keep the default serializer.
/// </summary>
public sealed class WorkSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string Assignment = "A", Succeeded = "S", Failed = "F", Request = "R", Renew = "L", Return = "B", Returned = "b", Finished = "E";

    public override int Identifier => 8431;

    public override string Manifest(object o) => o switch
    {
        WorkAssignment => Assignment,
        JobSucceeded => Succeeded,
        JobFailed => Failed,
        RequestWork => Request,
        RenewLeases => Renew,
        ReturnLeases => Return,
        LeasesReturned => Returned,
        SweepFinished => Finished,
        _ => throw new ArgumentException($"{o.GetType()} is not a work message", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            switch (obj)
            {
                case WorkAssignment a:
                    WriteJob(w, a.Job);
                    w.Write(a.LeaseId);
                    break;
                case JobSucceeded s:
                    w.Write(s.JobId);
                    w.Write(s.LeaseId);
                    WriteOutput(w, s.Output);
                    break;
                case JobFailed f:
                    w.Write(f.JobId);
                    w.Write(f.LeaseId);
                    w.Write(f.Error);
                    w.Write(f.Node);
                    break;
                case RequestWork r:
                    w.Write(r.Slots);
                    w.Write(r.Node);
                    break;
                case RenewLeases l:
                    WriteStrings(w, l.JobIds);
                    w.Write(l.LeaseIds.Length);
                    foreach (long id in l.LeaseIds) w.Write(id);
                    break;
                case ReturnLeases b:
                    WriteStrings(w, b.JobIds);
                    w.Write(b.LeaseIds.Length);
                    foreach (long id in b.LeaseIds) w.Write(id);
                    w.Write(b.Reason);
                    break;
                case LeasesReturned d:
                    w.Write(d.Count);
                    break;
                case SweepFinished e:
                    w.Write(e.Sweep);
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not a work message", nameof(obj));
            }
        }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return manifest switch
        {
            Assignment => new WorkAssignment(ReadJob(r), r.ReadInt64()),
            Succeeded => new JobSucceeded(r.ReadString(), r.ReadInt64(), ReadOutput(r)),
            Failed => new JobFailed(r.ReadString(), r.ReadInt64(), r.ReadString(), r.ReadString()),
            Request => new RequestWork(r.ReadInt32(), r.ReadString()),
            Renew => new RenewLeases(ReadStrings(r), ReadLongs(r)),
            Return => new ReturnLeases(ReadStrings(r), ReadLongs(r), r.ReadString()),
            Returned => new LeasesReturned(r.ReadInt32()),
            Finished => new SweepFinished(r.ReadString()),
            _ => throw new ArgumentException($"unknown work message manifest '{manifest}'", nameof(manifest)),
        };
    }

    /// <summary>Version of the job layout below; a node refuses assignments written by a build with another.</summary>
    internal const byte JobFormat = 2;

    private static void WriteJob(BinaryWriter w, TrainingJob j)
    {
        w.Write(JobFormat);
        w.Write(j.JobId);
        var c = j.Cell;
        w.Write(c.CellId); w.Write(c.Dataset); w.Write(c.DatasetSeed.HasValue); w.Write(c.DatasetSeed ?? 0);
        w.Write(c.DatasetFingerprint); w.Write(c.SweepSeed); w.Write(c.StreamMethod); w.Write(c.Repeat); w.Write(c.Round);
        w.Write(j.Model); w.Write(j.Member);
        var f = j.Fold;
        w.Write(f.Index); w.Write(f.Count); w.Write(f.Shuffle); w.Write(f.DuplicateMissingClasses);
        WriteInts(w, j.Rows.LabeledIds); WriteInts(w, j.Rows.Labels); WriteInts(w, j.Rows.UnlabeledIds);
        w.Write(j.Trainer);
    }

    private static TrainingJob ReadJob(BinaryReader r)
    {
        byte format = r.ReadByte();
        if (format != JobFormat)
            throw new ArgumentException($"training job format {format}, this node reads format {JobFormat}: the nodes run different builds");
        string jobId = r.ReadString();
        string cellId = r.ReadString(), dataset = r.ReadString();
        bool hasSeed = r.ReadBoolean();
        ulong datasetSeed = r.ReadUInt64();
        var cell = new JobCell(cellId, dataset, hasSeed ? datasetSeed : null, DatasetFingerprint: r.ReadString(), SweepSeed: r.ReadUInt64(),
            StreamMethod: r.ReadString(), Repeat: r.ReadInt32(), Round: r.ReadInt32());
        string model = r.ReadString();
        int member = r.ReadInt32();
        var fold = new FoldSpec(Index: r.ReadInt32(), Count: r.ReadInt32(), Shuffle: r.ReadBoolean(), DuplicateMissingClasses: r.ReadBoolean());
        var rows = new JobRows(LabeledIds: ReadInts(r), Labels: ReadInts(r), UnlabeledIds: ReadInts(r));
        return new TrainingJob(jobId, cell, model, member, fold, rows, r.ReadString());
    }

    private static void WriteOutput(BinaryWriter w, TrainingJobOutput o)
    {
        w.Write(o.JobId); w.Write(o.Member); w.Write(o.Fold);
        WriteMatrix(w, o.HeldOut); WriteMatrix(w, o.Unlabeled); WriteMatrix(w, o.Test);
        w.Write(o.Accuracy); w.Write(o.Seconds); w.Write(o.Node);
    }

    private static TrainingJobOutput ReadOutput(BinaryReader r) =>
        new(r.ReadString(), r.ReadInt32(), r.ReadInt32(), ReadMatrix(r), ReadMatrix(r), ReadMatrix(r), r.ReadDouble(), r.ReadDouble(), r.ReadString());

    private static void WriteMatrix(BinaryWriter w, MatrixData? m)
    {
        w.Write(m is not null);
        if (m is null) return;
        w.Write(m.Rows); w.Write(m.Columns);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.Values.AsSpan()));
    }

    private static MatrixData? ReadMatrix(BinaryReader r)
    {
        if (!r.ReadBoolean()) return null;
        int rows = r.ReadInt32(), columns = r.ReadInt32();
        long left = r.BaseStream.Length - r.BaseStream.Position;
        if (rows < 0 || columns < 0 || (long)rows * columns * sizeof(double) > left)
            throw new InvalidDataException($"malformed message: a {rows} × {columns} matrix does not fit the {left} bytes left");
        var values = new double[rows * columns];
        r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return new MatrixData(rows, columns, values);
    }
}
