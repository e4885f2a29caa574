using System.IO.Compression;
using ActiveLab.Data;

namespace ActiveLab.Data.Tests;

/// <summary>Every kind of bad input yields a <see cref="DataFormatException"/> naming the file and the place.</summary>
public class BadDataTests
{
    private static string Write(string name, string content)
    {
        string path = Path.Combine(TestData.TempDir(), name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void MissingFile()
    {
        string path = Path.Combine(TestData.TempDir(), "nope.data");
        var e = Assert.Throws<DataFormatException>(() => WallRobotLoader.Load(path));
        Assert.Equal($"{path}: file not found", e.Message);
        var dirError = Assert.Throws<DataFormatException>(() => WallRobotLoader.LoadFromDataDir(TestData.TempDir()));
        Assert.Contains("sensor_readings_4.data.gz", dirError.Message);
    }

    [Fact]
    public void WrongColumnCount()
    {
        string path = Write("w.data", "1,2,3,4,Move-Forward\r\n1,2,3,Move-Forward\r\n");
        var e = Assert.Throws<DataFormatException>(() => WallRobotLoader.Load(path, verify: false));
        Assert.Equal(2, e.Line);
        Assert.Equal($"{path}, line 2: expected 5 comma-separated fields (4 distances and the class), found 4", e.Message);
    }

    [Fact]
    public void NonNumericValue()
    {
        string path = Write("n.data", "1,2,3,4,Move-Forward\r\n1,2,x3,4,Move-Forward\r\n");
        var e = Assert.Throws<DataFormatException>(() => WallRobotLoader.Load(path, verify: false));
        Assert.Equal(2, e.Line);
        Assert.Contains("field 3: 'x3' is not a finite number", e.Message);
    }

    [Fact]
    public void UnknownClass()
    {
        string path = Write("c.data", "1,2,3,4,Move-Forward\r\n1,2,3,4,Move-Backward\r\n");
        var e = Assert.Throws<DataFormatException>(() => WallRobotLoader.Load(path, verify: false));
        Assert.Equal(2, e.Line);
        Assert.Contains("unknown class 'Move-Backward'", e.Message);
    }

    [Fact]
    public void GzipWallRobotErrorsNameTheLineToo()
    {
        string path = Path.Combine(TestData.TempDir(), "bad.data.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz)) w.Write("1,2,3,4,Move-Forward\r\n1,2,3,4\r\n");
        var e = Assert.Throws<DataFormatException>(() => WallRobotLoader.Load(path, verify: false));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void TruncatedImageFile()
    {
        string path = Path.Combine(TestData.TempDir(), "images.bin");
        var bytes = new byte[3073 * 2 + 100];
        bytes[0] = 3;
        bytes[3073] = 8;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DataFormatException>(() => CifarBinaryReader.Read(path));
        Assert.Equal(2, e.Record);
        Assert.Equal($"{path}, record 2: truncated file: the record has 100 of 3073 bytes (2 complete records before it)", e.Message);
        Assert.Equal(2, CifarBinaryReader.Read(path, maxRecords: 2).Count);
    }

    [Fact]
    public void ImageLabelOutOfRange()
    {
        string path = Path.Combine(TestData.TempDir(), "images.bin");
        var bytes = new byte[3073 * 2];
        bytes[3073] = 10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DataFormatException>(() => CifarBinaryReader.Read(path));
        Assert.Equal(1, e.Record);
        Assert.Contains("label byte 10", e.Message);
    }

    [Fact]
    public void BadNpyMagic()
    {
        string path = Write("a.npy", "not an npy file at all");
        var e = Assert.Throws<DataFormatException>(() => NpyReader.Read(path));
        Assert.Contains("bad NPY header", e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void BadNpyHeaderDictionary()
    {
        string path = Path.Combine(TestData.TempDir(), "h.npy");
        string dict = "{'descr': '<f8', 'fortran_order': False, }".PadRight(53) + "\n";
        File.WriteAllBytes(path, [0x93, .. "NUMPY"u8, 1, 0, (byte)dict.Length, 0, .. System.Text.Encoding.ASCII.GetBytes(dict)]);
        var e = Assert.Throws<DataFormatException>(() => NpyReader.Read(path));
        Assert.Contains("bad NPY header: no 'shape' entry", e.Message);
    }

    [Fact]
    public void UnsupportedNpyDtypes()
    {
        foreach (var (descr, expected) in new[] { ("|O", "object (pickled)"), (">f8", "big-endian"), ("<c16", "unsupported dtype") })
        {
            string path = Path.Combine(TestData.TempDir(), "d.npy");
            string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,), }}".PadRight(53) + "\n";
            File.WriteAllBytes(path, [0x93, .. "NUMPY"u8, 1, 0, (byte)dict.Length, 0, .. System.Text.Encoding.ASCII.GetBytes(dict), .. new byte[16]]);
            var e = Assert.Throws<DataFormatException>(() => NpyReader.Read(path));
            Assert.Contains(expected, e.Message);
        }
    }

    [Fact]
    public void TruncatedNpyData()
    {
        string path = Path.Combine(TestData.TempDir(), "t.npy");
        NpyWriter.Write(path, new double[] { 1, 2, 3, 4 }, 2, 2);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^8]);
        var e = Assert.Throws<DataFormatException>(() => NpyReader.Read(path));
        Assert.Contains("truncated NPY data", e.Message);
    }

    [Fact]
    public void CountsCsvProblems()
    {
        string header = "index,airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck\n";
        var e1 = Assert.Throws<DataFormatException>(() => Cifar10hCounts.Read(Write("c1.csv", header + "0,1,2,3,4,5,6,7,8,9\n")));
        Assert.Equal(2, e1.Line);
        Assert.Contains("expected 11 comma-separated fields, found 10", e1.Message);
        var e2 = Assert.Throws<DataFormatException>(() => Cifar10hCounts.Read(Write("c2.csv", header + "0,1,2,3,4,5,6,7,8,9,1\n1,1,2,3,4,x,6,7,8,9,1\n")));
        Assert.Equal(3, e2.Line);
        Assert.Contains("column 'deer': 'x' is not an integer", e2.Message);
        var e3 = Assert.Throws<DataFormatException>(() => Cifar10hCounts.Read(Write("c3.csv", "idx,a\n")));
        Assert.Equal(1, e3.Line);
    }

    [Fact]
    public void RawLabelsProblems()
    {
        string header = "annotator_id,chosen_label,cifar10_test_test_idx\n";
        var e1 = Assert.Throws<DataFormatException>(() => Cifar10hRawLabels.Read(Write("r1.csv", header + "0,3,0\n0,11,1\n")));
        Assert.Equal(3, e1.Line);
        Assert.Contains("chosen_label", e1.Message);
        var e2 = Assert.Throws<DataFormatException>(() => Cifar10hRawLabels.Read(Write("r2.csv", "annotator_id,chosen_label\n")));
        Assert.Contains("no column 'cifar10_test_test_idx'", e2.Message);
        var e3 = Assert.Throws<DataFormatException>(() => Cifar10hRawLabels.Read(Write("r3.csv", header + "0,3,0\n0,4,0\n")));
        Assert.Contains("annotator 0 labels image 0 twice", e3.Message);
        Assert.Equal(3, e3.Line);
    }

    [Fact]
    public void TestLabelsProblems()
    {
        var e = Assert.Throws<DataFormatException>(() => Cifar10TestLabels.Read(Write("l.csv", "index,label,class\n0,3,cat\n2,8,ship\n")));
        Assert.Equal(3, e.Line);
        Assert.Contains("expected 1, found 2", e.Message);
    }

    [Fact]
    public void CifarBenchmarkWithoutLabelsNamesTheMissingFile()
    {
        string dir = TestData.TempDir();
        var e = Assert.Throws<DataFormatException>(() => BenchmarkCatalog.Build("cifar-10h", new DataSettings(dir)));
        Assert.Contains("cifar10_test_labels.csv", e.Message);
    }
}
