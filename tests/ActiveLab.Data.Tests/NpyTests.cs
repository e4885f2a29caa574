using ActiveLab.Core;
using ActiveLab.Data;

namespace ActiveLab.Data.Tests;

public class NpyTests
{
    [Theory]
    [InlineData("a.npy")]
    [InlineData("a.npy.gz")]
    public void DoubleRoundTripKeepsNaNAndShape(string name)
    {
        string path = Path.Combine(TestData.TempDir(), name);
        double[] data = [1.5, double.NaN, -3, 0, 1e300, double.Epsilon];
        NpyWriter.Write(path, data, 2, 3);
        var a = NpyReader.Read(path);
        Assert.Equal("<f8", a.Descr);
        Assert.Equal(new[] { 2, 3 }, a.Shape);
        Assert.Equal(data, a.ToDoubles());
        Assert.Equal(0, (10 + BitConverter.ToUInt16(DataFile.ReadAllBytes(path), 8)) % 64); // header aligned to 64
    }

    [Fact]
    public void IntegerAndBoolRoundTrips()
    {
        string dir = TestData.TempDir();
        NpyWriter.Write(Path.Combine(dir, "l.npy"), new long[] { 3, -1, 9, 1L << 40 }, 4);
        NpyWriter.Write(Path.Combine(dir, "i.npy"), new[] { 7, 8, 9 }, 3);
        NpyWriter.Write(Path.Combine(dir, "b.npy"), new[] { true, false, true, true }, 2, 2);
        var l = NpyReader.Read(Path.Combine(dir, "l.npy"));
        Assert.Equal("<i8", l.Descr);
        Assert.Equal(new double[] { 3, -1, 9, 1L << 40 }, l.ToDoubles());
        var i = NpyReader.Read(Path.Combine(dir, "i.npy"));
        Assert.Equal("<i4", i.Descr);
        Assert.Equal(new[] { 7, 8, 9 }, i.ToInt32s());
        var b = NpyReader.Read(Path.Combine(dir, "b.npy"));
        Assert.Equal("|b1", b.Descr);
        Assert.Equal(new double[] { 1, 0, 1, 1 }, b.ToDoubles());
    }

    [Fact]
    public void LabelMatrixRoundTripUsesNaNForMissing()
    {
        var labels = LabelMatrix.FromDense(new[,] { { 0, -1, 2 }, { -1, -1, 1 }, { 3, 3, -1 } });
        string path = Path.Combine(TestData.TempDir(), "m.npy");
        NpyWriter.Write(path, labels);
        var back = NpyReader.Read(path).ToLabelMatrix(4);
        Assert.Equal(labels.ToDense(), back.ToDense());
        var e = Assert.Throws<DataFormatException>(() => NpyReader.Read(path).ToLabelMatrix(3));
        Assert.Contains("(row 2, column 0)", e.Message);
    }

    [Fact]
    public void ReadsVersion2FortranAndUnicodeArrays()
    {
        string dir = TestData.TempDir();
        // Version 2.0 header (uint32 length), Fortran order, int32, shape (2, 3): memory = column-major.
        string dict = "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }";
        dict = dict.PadRight(64 - 12 - 1) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0 };
        bytes.AddRange(BitConverter.GetBytes((uint)dict.Length));
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(dict));
        foreach (int v in new[] { 1, 4, 2, 5, 3, 6 }) bytes.AddRange(BitConverter.GetBytes(v));
        File.WriteAllBytes(Path.Combine(dir, "f.npy"), bytes.ToArray());
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, NpyReader.Read(Path.Combine(dir, "f.npy")).ToInt32s());

        // '<U' strings (image paths), v1.0.
        string u = "{'descr': '<U12', 'fortran_order': False, 'shape': (2,), }";
        u = u.PadRight(64 - 10 - 1) + "\n";
        var ub = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 };
        ub.AddRange(BitConverter.GetBytes((ushort)u.Length));
        ub.AddRange(System.Text.Encoding.ASCII.GetBytes(u));
        foreach (string s in new[] { "a/b_0042.png", "x_7.png" })
            ub.AddRange(System.Text.Encoding.UTF32.GetBytes(s.PadRight(12, '\0')));
        File.WriteAllBytes(Path.Combine(dir, "u.npy"), ub.ToArray());
        Assert.Equal(new[] { "a/b_0042.png", "x_7.png" }, NpyReader.Read(Path.Combine(dir, "u.npy")).Strings);
    }

    [Fact]
    public void BenchmarkRoundTripsThroughOriginalArrayNames()
    {
        var data = TestData.Benchmark("wall-robot");
        string dir = TestData.TempDir();
        NpyWriter.Write(Path.Combine(dir, "X_labeled.npy"), data.Labeled.Features!);
        NpyWriter.Write(Path.Combine(dir, "X_unlabeled.npy"), data.Unlabeled.Features!);
        NpyWriter.Write(Path.Combine(dir, "X_test.npy.gz"), data.Test.Features!);
        NpyWriter.Write(Path.Combine(dir, "true_labels_labeled.npy"), data.Labeled.TrueLabels.Select(v => (long)v).ToArray(), 500);
        NpyWriter.Write(Path.Combine(dir, "true_labels_unlabeled.npy"), data.Unlabeled.TrueLabels.Select(v => (double)v).ToArray(), 1500);
        NpyWriter.Write(Path.Combine(dir, "true_labels_test.npy"), data.Test.TrueLabels, 1000);
        NpyWriter.Write(Path.Combine(dir, "multiannotator_labels_labeled.npy"), data.InitialLabels);
        NpyWriter.Write(Path.Combine(dir, "extra_labels_labeled.npy"), data.CompleteLabeled!);
        NpyWriter.Write(Path.Combine(dir, "extra_labels_unlabeled.npy"), data.CompleteUnlabeled!);

        var loaded = BenchmarkCatalog.Build("wall-robot", new DataSettings(TestData.RepoDataDir, null, dir));
        Assert.True(BenchmarkAssertions.SameData(data, loaded));
        Assert.Contains("original benchmark arrays", loaded.Provenance);

        // The sub-folder layout <arrays>/<name>/ works too.
        string parent = TestData.TempDir();
        Directory.Move(dir, Path.Combine(parent, "wall-robot"));
        Assert.True(BenchmarkAssertions.SameData(data, BenchmarkCatalog.Build("wall-robot", new DataSettings("unused", null, parent))));
        var e = Assert.Throws<DataFormatException>(() => BenchmarkCatalog.Build("single-annotator", new DataSettings("unused", null, parent)));
        Assert.Contains("true_labels_labeled.npy", e.Message);
    }

    [Fact]
    public void SingleAnnotatorArraysLoad()
    {
        var data = TestData.Benchmark("single-annotator");
        string dir = TestData.TempDir();
        foreach (var (part, split) in new[] { ("labeled", data.Labeled), ("unlabeled", data.Unlabeled), ("test", data.Test) })
        {
            NpyWriter.Write(Path.Combine(dir, $"X_{part}.npy"), split.Features!);
            NpyWriter.Write(Path.Combine(dir, $"true_labels_{part}.npy"), split.TrueLabels, split.Count);
        }
        NpyWriter.Write(Path.Combine(dir, "noisy_labels_labeled.npy"), data.SingleLabels!, 500);
        NpyWriter.Write(Path.Combine(dir, "noisy_labels_unlabeled.npy"), data.NoisyLabelsUnlabeled!, 1500);
        var loaded = NpyBenchmarkLoader.Load(dir, "single-annotator");
        Assert.True(BenchmarkAssertions.SameData(data, loaded));
        Assert.Equal(data.NoisyLabelsUnlabeled, loaded.NoisyLabelsUnlabeled);
    }

    [Fact]
    public void InconsistentArraysAreReported()
    {
        string dir = TestData.TempDir();
        NpyWriter.Write(Path.Combine(dir, "X_labeled.npy"), new double[8], 2, 4);
        NpyWriter.Write(Path.Combine(dir, "X_test.npy"), new double[4], 1, 4);
        NpyWriter.Write(Path.Combine(dir, "true_labels_labeled.npy"), new[] { 0, 1 }, 2);
        NpyWriter.Write(Path.Combine(dir, "true_labels_test.npy"), new[] { 0 }, 1);
        NpyWriter.Write(Path.Combine(dir, "multiannotator_labels_labeled.npy"), new[] { 0.0, double.NaN, 2, double.NaN }, 2, 2);
        NpyWriter.Write(Path.Combine(dir, "extra_labels_labeled.npy"), new[] { 0.0, 1, 3, 3 }, 2, 2);
        var e = Assert.Throws<DataFormatException>(() => NpyBenchmarkLoader.Load(dir, "wall-robot-complete"));
        Assert.Contains("labeled row 1: visible label 2 is not in its complete pool", e.Message);
    }
}
