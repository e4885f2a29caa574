using Akka.Actor;
using Akka.Serialization;
using static ActiveLab.Cluster.Protocol.BinaryArrays;

namespace ActiveLab.Cluster.Protocol;

/// <summary>
/// Compact binary serializer for the events a cell persists (<see cref="CellRoundCompleted"/> every round,
/// <see cref="CellFailed"/>). The journal serializes every event on its single actor thread, and Akka's default
/// Newtonsoft JSON spent tens of microseconds and ~1.8 KB per round on type names and boxed numbers; this writes the
/// fields as they are (doubles bit-exactly, the carried probabilities' compressed bytes unchanged), so a resumed cell
/// replays exactly what it persisted.
/// <para>
/// Bound in <c>JournalConfig</c>. Rows are read back by the serializer id stored with them, so events that an older build
/// wrote as JSON still replay. The manifest names the event type and layout version; a layout change gets a new
/// manifest and keeps reading the old one.
/// </para>
/// </summary>
public sealed class CellEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Manifest of <see cref="CellRoundCompleted"/>, layout 1.</summary>
    public const string RoundCompletedManifest = "round.1";

    /// <summary>Manifest of <see cref="CellFailed"/>, layout 1.</summary>
    public const string FailedManifest = "failed.1";

    /// <summary>Manifest of <see cref="CellRetried"/>, layout 1.</summary>
    public const string RetriedManifest = "retried.1";

    /// <summary>This serializer's id, stored with every row it wrote.</summary>
    public const int Id = 8432;

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        CellRoundCompleted => RoundCompletedManifest,
        CellFailed => FailedManifest,
        CellRetried => RetriedManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not a cell event", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            switch (obj)
            {
                case CellRoundCompleted e:
                    WriteResult(w, e.Result);
                    WriteCarried(w, e.Carried);
                    w.Write(e.TrainSeconds);
                    w.Write(e.Nodes);
                    break;
                case CellFailed f:
                    w.Write(f.Round);
                    w.Write(f.Error);
                    break;
                case CellRetried t:
                    w.Write(t.Round);
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not a cell event", nameof(obj));
            }
        }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return manifest switch
        {
            RoundCompletedManifest => new CellRoundCompleted(ReadResult(r), ReadCarried(r), r.ReadDouble(), r.ReadString()),
            FailedManifest => new CellFailed(r.ReadInt32(), r.ReadString()),
            RetriedManifest => new CellRetried(r.ReadInt32()),
            _ => throw new ArgumentException($"unknown cell event manifest '{manifest}'", nameof(manifest)),
        };
    }

    private static void WriteResult(BinaryWriter w, RoundResultData d)
    {
        w.Write(d.Round);
        w.Write(d.ConsensusAccuracy); w.Write(d.ModelAccuracy); w.Write(d.DistributionEntropy);
        w.Write(d.NumNewExamples); w.Write(d.LabelsCollected);
        WriteInts(w, d.RelabeledIds); WriteInts(w, d.NewIds); WriteInts(w, d.AnnotatedIds); WriteInts(w, d.AnnotatedLabels);
        w.Write(d.Temperature);
    }

    private static RoundResultData ReadResult(BinaryReader r)
    {
        int round = r.ReadInt32();
        double consensus = r.ReadDouble(), model = r.ReadDouble(), entropy = r.ReadDouble();
        int numNew = r.ReadInt32(), collected = r.ReadInt32();
        int[] relabeled = ReadInts(r), newIds = ReadInts(r), annotatedIds = ReadInts(r), annotatedLabels = ReadInts(r);
        return new RoundResultData(round, consensus, model, entropy, numNew, collected, relabeled, newIds, annotatedIds, annotatedLabels,
            r.ReadDouble());
    }

    private static void WriteCarried(BinaryWriter w, CarriedProbabilities c)
    {
        w.Write(c.Rows); w.Write(c.Columns);
        w.Write(c.Members.Length);
        foreach (var member in c.Members) WriteBytes(w, member);
    }

    private static CarriedProbabilities ReadCarried(BinaryReader r)
    {
        int rows = r.ReadInt32(), columns = r.ReadInt32();
        var members = new byte[r.ReadInt32()][];
        for (int m = 0; m < members.Length; m++) members[m] = ReadBytes(r);
        return new CarriedProbabilities(rows, columns, members);
    }
}
