using System.IO.Compression;
using System.Runtime.InteropServices;
using ActiveLab.Core;
using ActiveLab.Core.Rounds;

namespace ActiveLab.Cluster.Protocol;

/// <summary>An event a cell persists: all are written by <see cref="CellEventSerializer"/>, bound once to this interface
/// (<c>JournalConfig</c>).</summary>
public interface ICellEvent;

/// <summary>Persisted by a cell after each round: the round's result and what the next round needs.</summary>
public sealed record CellRoundCompleted(RoundResultData Result, CarriedProbabilities Carried, double TrainSeconds, string Nodes) : ICellEvent;

/// <summary>Persisted by a cell that cannot continue.</summary>
public sealed record CellFailed(int Round, string Error) : ICellEvent;

/// <summary>Persisted by a failed cell given a new chance (<c>--retry-failed</c>): it resumes at <paramref name="Round"/>.</summary>
public sealed record CellRetried(int Round) : ICellEvent;

/// <summary><see cref="RoundResult"/> as plain data.</summary>
public sealed record RoundResultData(
    int Round, double ConsensusAccuracy, double ModelAccuracy, double DistributionEntropy, int NumNewExamples,
    int LabelsCollected, int[] RelabeledIds, int[] NewIds, int[] AnnotatedIds, int[] AnnotatedLabels, double Temperature)
{
    public static RoundResultData From(RoundResult r) => new(r.Round, r.ConsensusAccuracy, r.ModelAccuracy, r.DistributionEntropy,
        r.NumNewExamples, r.LabelsCollected, r.RelabeledIds, r.NewIds, r.Annotations.Select(a => a.Id).ToArray(),
        r.Annotations.Select(a => a.Label).ToArray(), r.Temperature);

    public RoundResult ToResult() => new(Round, ConsensusAccuracy, ModelAccuracy, DistributionEntropy, NumNewExamples, LabelsCollected,
        RelabeledIds, NewIds, AnnotatedIds.Zip(AnnotatedLabels, (i, l) => (i, l)).ToArray(), Temperature);
}

/// <summary>
/// Pprev (one N × K matrix per ensemble member) stored exactly: float64 little-endian, deflate-compressed, so a resumed
/// run continues from bit-identical probabilities.
/// </summary>
public sealed record CarriedProbabilities(int Rows, int Columns, byte[][] Members)
{
    public static CarriedProbabilities From(Matrix[] members)
    {
        var packed = new byte[members.Length][];
        for (int m = 0; m < members.Length; m++)
        {
            using var buffer = new MemoryStream();
            using (var z = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                z.Write(MemoryMarshal.AsBytes(members[m].Data.AsSpan()));
            packed[m] = buffer.ToArray();
        }
        return new CarriedProbabilities(members.Length == 0 ? 0 : members[0].Rows, members.Length == 0 ? 0 : members[0].Columns, packed);
    }

    public Matrix[] ToMatrices()
    {
        var result = new Matrix[Members.Length];
        for (int m = 0; m < Members.Length; m++)
        {
            var data = new double[Rows * Columns];
            using var z = new ZLibStream(new MemoryStream(Members[m]), CompressionMode.Decompress);
            z.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
            result[m] = new Matrix(Rows, Columns, data);
        }
        return result;
    }
}
