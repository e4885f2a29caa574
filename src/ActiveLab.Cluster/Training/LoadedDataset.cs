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
    /// <param name="data">The built dataset.</param>
    /// <param name="contentHash">Hash of the source files, mixed into <see cref="Fingerprint"/> (own datasets: the
    /// files' bytes, so a change that the built arrays would not show, e.g. a renamed class, still counts).</param>
    public LoadedDataset(BenchmarkData data, string? contentHash = null)
    {
        _contentHash = contentHash;
        Data = data;
        if (data.Labeled.Features is null || data.Test.Features is null)
            throw new InvalidOperationException($"{data.Name} has no features attached (image benchmarks need their image features first)");
        FeaturesById = data.Unlabeled.Count > 0 ? data.Labeled.Features.AppendRows(data.Unlabeled.Features!) : data.Labeled.Features;
        TrueLabelsById = [.. data.Labeled.TrueLabels, .. data.Unlabeled.TrueLabels];
        PoolById = data.PoolLabeled.Concat(data.PoolUnlabeled);
        Fingerprint = ComputeFingerprint();
    }

    private readonly string? _contentHash;

    public BenchmarkData Data { get; }
    public Matrix FeaturesById { get; }
    public int[] TrueLabelsById { get; }
    public LabelPool PoolById { get; }
    public Matrix TestFeatures => Data.Test.Features!;
    public int[] TestLabels => Data.Test.TrueLabels;
    public int NumClasses => Data.NumClasses;

    /// <summary>SHA-256 (hex, first 16 bytes) of features, labels, pools and initial labels (and the content hash, when given).</summary>
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
        if (_contentHash is not null) hash.AppendData(System.Text.Encoding.UTF8.GetBytes(_contentHash));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }
}
