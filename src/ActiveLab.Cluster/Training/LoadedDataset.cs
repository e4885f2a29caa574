using System.Security.Cryptography;
using ActiveLab.Core;
using ActiveLab.Core.Simulation;
using ActiveLab.Data;

namespace ActiveLab.Cluster.Training;

/// <summary>
/// A benchmark ready for training and rounds, indexed by example id (initial labeled 0..N0−1, then initial unlabeled):
/// features, true labels and complete label pools by id, the test set, and a content fingerprint that workers compare
/// so every node trains on identical data.
/// </summary>
public sealed class LoadedDataset
{
    public LoadedDataset(BenchmarkData data)
    {
        Data = data;
        if (data.Labeled.Features is null || data.Test.Features is null)
            throw new InvalidOperationException($"{data.Name} has no features attached (image benchmarks need their image features first)");
        FeaturesById = data.Unlabeled.Count > 0 ? data.Labeled.Features.AppendRows(data.Unlabeled.Features!) : data.Labeled.Features;
        TrueLabelsById = [.. data.Labeled.TrueLabels, .. data.Unlabeled.TrueLabels];
        PoolById = data.PoolLabeled.Concat(data.PoolUnlabeled);
        Fingerprint = ComputeFingerprint();
    }

    public BenchmarkData Data { get; }
    public Matrix FeaturesById { get; }
    public int[] TrueLabelsById { get; }
    public LabelPool PoolById { get; }
    public Matrix TestFeatures => Data.Test.Features!;
    public int[] TestLabels => Data.Test.TrueLabels;
    public int NumClasses => Data.NumClasses;

    /// <summary>SHA-256 (hex, first 16 bytes) of features, labels, pools and initial labels.</summary>
    public string Fingerprint { get; }

    private string ComputeFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Ints(ReadOnlySpan<int> v) => hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v));
        void Doubles(ReadOnlySpan<double> v) => hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v));
        Doubles(FeaturesById.Data);
        Doubles(TestFeatures.Data);
        Ints(TrueLabelsById);
        Ints(TestLabels);
        for (int i = 0; i < PoolById.Rows; i++) Ints(PoolById.LabelsOfRow(i));
        var a = Data.InitialLabels;
        for (int i = 0; i < a.Rows; i++) { Ints(a.ColumnsOfRow(i)); Ints(a.LabelsOfRow(i)); }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }
}
