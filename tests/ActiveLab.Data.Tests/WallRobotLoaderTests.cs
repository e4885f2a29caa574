using ActiveLab.Data;

namespace ActiveLab.Data.Tests;

public class WallRobotLoaderTests
{
    [Fact]
    public void ShippedFileHasPublishedRowsAndClassCounts()
    {
        var data = WallRobotLoader.LoadFromDataDir(TestData.RepoDataDir);
        Assert.Equal(5456, data.Count);
        Assert.Equal(5456, data.Features.Rows);
        Assert.Equal(4, data.Features.Columns);
        Assert.Equal(new[] { 2205, 2097, 328, 826 }, data.ClassCounts());
        // Row 1 of the file: 1.687,0.445,2.332,0.429,Slight-Right-Turn.
        Assert.Equal(new[] { 1.687, 0.445, 2.332, 0.429 }, data.Features.ReadRow(0).ToArray());
        Assert.Equal(3, data.Labels[0]);
        Assert.Equal(["Move-Forward", "Sharp-Right-Turn", "Slight-Left-Turn", "Slight-Right-Turn"], WallRobotDataset.ClassNames);
    }

    [Fact]
    public void PlainCopyLoadsToo()
    {
        string dir = TestData.TempDir();
        string plain = Path.Combine(dir, "sensor_readings_4.data");
        File.WriteAllBytes(plain, DataFile.ReadAllBytes(WallRobotLoader.Locate(TestData.RepoDataDir)));
        Assert.Equal(5456, WallRobotLoader.Load(plain).Count);
        Assert.Equal(plain, WallRobotLoader.Locate(dir));
    }

    [Fact]
    public void ModifiedValueFailsChecksum()
    {
        string dir = TestData.TempDir();
        string path = Path.Combine(dir, "sensor_readings_4.data");
        byte[] content = DataFile.ReadAllBytes(WallRobotLoader.Locate(TestData.RepoDataDir));
        content[0] = (byte)'2'; // 1.687 → 2.687
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<DataFormatException>(() => WallRobotLoader.Load(path));
        Assert.Contains("sha256", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Equal(2.687, WallRobotLoader.Load(path, verify: false).Features[0, 0]);
    }

    [Fact]
    public void TruncatedCopyFailsRowCount()
    {
        string path = Path.Combine(TestData.TempDir(), "short.data");
        File.WriteAllText(path, "1.687,0.445,2.332,0.429,Slight-Right-Turn\r\n1.0,1.0,1.0,1.0,Move-Forward");
        var e = Assert.Throws<DataFormatException>(() => WallRobotLoader.Load(path));
        Assert.Contains("expected 5456 rows, found 2", e.Message);
        Assert.Equal(2, WallRobotLoader.Load(path, verify: false).Count);
    }
}
