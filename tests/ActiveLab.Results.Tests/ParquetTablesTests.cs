using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace ActiveLab.Results.Tests;

/// <summary>Round trips, the on-disk schema, and errors of <see cref="ParquetTables"/>.</summary>
public class ParquetTablesTests
{
    private static readonly string[] RoundColumns =
    [
        "dataset", "method", "model", "repeat", "round", "consensus_accuracy", "model_accuracy", "distribution_entropy",
        "num_new_examples", "labels_collected", "train_seconds", "node",
    ];

    private static readonly string[] LabelColumns =
        ["dataset", "method", "model", "repeat", "round", "example_id", "selection", "rank", "label"];

    private static readonly double[] SpecialDoubles =
    [
        0.1 + 0.2, 1.0 / 3.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0,
        double.Epsilon, double.MaxValue, double.MinValue, 0.97333333333333338, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001),
    ];

    internal static RoundRow[] SampleRounds() =>
    [
        .. SpecialDoubles.Select((d, i) => new RoundRow(
            i % 2 == 0 ? "wall-robot" : "cifar10h", "crowdlab", "ensemble", i / 3, i, d, -d, Math.PI * i, i * 7, int.MaxValue - i,
            d * 1e-3, $"akka.tcp://activelab@10.0.0.{i}:4053")),
        new RoundRow("ünïcödé-数据", "good_random", "", -1, int.MinValue, 0.5, 0.5, 0.5, 0, 0, 0.0, "a,b"),
    ];

    internal static LabelRow[] SampleLabels() =>
    [
        .. Enumerable.Range(0, 50).Select(i => new LabelRow(
            "wall-robot", i % 3 == 0 ? "random" : "crowdlab", "et", i % 2, i / 10, 1000 + 17 * i, i % 4 == 0 ? "relabel" : "new", i % 10, i % 4)),
        new LabelRow("x", "y", "z", int.MaxValue, int.MinValue, -5, "", 0, -1),
    ];

    [Fact]
    public async Task RoundsRoundTripExactly()
    {
        using var dir = new TempDir();
        string path = dir.File("rounds.parquet");
        RoundRow[] rows = SampleRounds();
        await ParquetTables.WriteRoundsAsync(path, rows);
        IReadOnlyList<RoundRow> back = await ParquetTables.ReadRoundsAsync(path);
        Assert.Equal(rows, back);
        for (int i = 0; i < rows.Length; i++)
        {
            AssertSameBits(rows[i].ConsensusAccuracy, back[i].ConsensusAccuracy);
            AssertSameBits(rows[i].ModelAccuracy, back[i].ModelAccuracy);
            AssertSameBits(rows[i].DistributionEntropy, back[i].DistributionEntropy);
            AssertSameBits(rows[i].TrainSeconds, back[i].TrainSeconds);
        }
        Assert.Equal(["rounds.parquet"], dir.AllFiles());
    }

    [Fact]
    public void LabelsRoundTripExactlyWithSyncWrappers()
    {
        using var dir = new TempDir();
        string path = dir.File("labels.parquet");
        LabelRow[] rows = SampleLabels();
        ParquetTables.WriteLabels(path, rows);
        Assert.Equal(rows, ParquetTables.ReadLabels(path));
    }

    [Fact]
    public async Task StreamOverloadsRoundTripAndLeaveTheStreamOpen()
    {
        using var ms = new MemoryStream();
        await ParquetTables.WriteRoundsAsync(ms, SampleRounds());
        ms.Position = 0;
        Assert.Equal(SampleRounds(), await ParquetTables.ReadRoundsAsync(ms));
        Assert.True(ms.CanRead);
    }

    [Fact]
    public async Task EmptyTablesRoundTrip()
    {
        using var dir = new TempDir();
        await ParquetTables.WriteRoundsAsync(dir.File("r.parquet"), []);
        await ParquetTables.WriteLabelsAsync(dir.File("l.parquet"), []);
        Assert.Empty(await ParquetTables.ReadRoundsAsync(dir.File("r.parquet")));
        Assert.Empty(await ParquetTables.ReadLabelsAsync(dir.File("l.parquet")));
        await using var reader = await ParquetReader.CreateAsync(dir.File("r.parquet"));
        Assert.Equal(RoundColumns, reader.Schema.GetDataFields().Select(f => f.Name));
    }

    [Fact]
    public async Task RoundsSchemaOnDiskIsFlatPlainTypes()
    {
        using var dir = new TempDir();
        string path = dir.File("rounds.parquet");
        await ParquetTables.WriteRoundsAsync(path, SampleRounds());
        var expected = new Dictionary<string, Parquet.Meta.Type>
        {
            ["dataset"] = Parquet.Meta.Type.BYTE_ARRAY, ["method"] = Parquet.Meta.Type.BYTE_ARRAY, ["model"] = Parquet.Meta.Type.BYTE_ARRAY,
            ["repeat"] = Parquet.Meta.Type.INT32, ["round"] = Parquet.Meta.Type.INT32,
            ["consensus_accuracy"] = Parquet.Meta.Type.DOUBLE, ["model_accuracy"] = Parquet.Meta.Type.DOUBLE,
            ["distribution_entropy"] = Parquet.Meta.Type.DOUBLE, ["num_new_examples"] = Parquet.Meta.Type.INT32,
            ["labels_collected"] = Parquet.Meta.Type.INT32, ["train_seconds"] = Parquet.Meta.Type.DOUBLE,
            ["node"] = Parquet.Meta.Type.BYTE_ARRAY,
        };
        await AssertFlatSchema(path, RoundColumns, expected);
    }

    [Fact]
    public async Task LabelsSchemaOnDiskIsFlatPlainTypes()
    {
        using var dir = new TempDir();
        string path = dir.File("labels.parquet");
        await ParquetTables.WriteLabelsAsync(path, SampleLabels());
        var expected = new Dictionary<string, Parquet.Meta.Type>
        {
            ["dataset"] = Parquet.Meta.Type.BYTE_ARRAY, ["method"] = Parquet.Meta.Type.BYTE_ARRAY, ["model"] = Parquet.Meta.Type.BYTE_ARRAY,
            ["repeat"] = Parquet.Meta.Type.INT32, ["round"] = Parquet.Meta.Type.INT32, ["example_id"] = Parquet.Meta.Type.INT32,
            ["selection"] = Parquet.Meta.Type.BYTE_ARRAY, ["rank"] = Parquet.Meta.Type.INT32, ["label"] = Parquet.Meta.Type.INT32,
        };
        await AssertFlatSchema(path, LabelColumns, expected);
    }

    [Fact]
    public void PublicSchemasListTheColumnsInOrder()
    {
        Assert.Equal(RoundColumns, ParquetTables.RoundsSchema.GetDataFields().Select(f => f.Name));
        Assert.Equal(LabelColumns, ParquetTables.LabelsSchema.GetDataFields().Select(f => f.Name));
        Assert.All(ParquetTables.RoundsSchema.GetDataFields(), f => Assert.False(f.IsNullable || f.IsArray));
        Assert.All(ParquetTables.LabelsSchema.GetDataFields(), f => Assert.False(f.IsNullable || f.IsArray));
    }

    [Fact]
    public async Task ReadsEveryRowGroup()
    {
        // A file with two row groups, written with Parquet.Net's low-level API directly.
        using var dir = new TempDir();
        string path = dir.File("two-groups.parquet");
        LabelRow[] rows = SampleLabels();
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(ParquetTables.LabelsSchema, stream))
        {
            DataField[] f = ParquetTables.LabelsSchema.GetDataFields();
            foreach (LabelRow[] g in rows.Chunk(20))
            {
                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync(f[0], g.Select(r => r.Dataset).ToArray());
                await rg.WriteAsync(f[1], g.Select(r => r.Method).ToArray());
                await rg.WriteAsync(f[2], g.Select(r => r.Model).ToArray());
                await rg.WriteAsync<int>(f[3], g.Select(r => r.Repeat).ToArray());
                await rg.WriteAsync<int>(f[4], g.Select(r => r.Round).ToArray());
                await rg.WriteAsync<int>(f[5], g.Select(r => r.ExampleId).ToArray());
                await rg.WriteAsync(f[6], g.Select(r => r.Selection).ToArray());
                await rg.WriteAsync<int>(f[7], g.Select(r => r.Rank).ToArray());
                await rg.WriteAsync<int>(f[8], g.Select(r => r.Label).ToArray());
            }
        }
        await using (var reader = await ParquetReader.CreateAsync(path))
            Assert.Equal(3, reader.RowGroupCount);
        Assert.Equal(rows, await ParquetTables.ReadLabelsAsync(path));
    }

    [Fact]
    public async Task MissingFileIsNamed()
    {
        using var dir = new TempDir();
        string path = dir.File("nope.parquet");
        var e = await Assert.ThrowsAsync<ResultFileException>(() => ParquetTables.ReadRoundsAsync(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Fact]
    public async Task CorruptFileIsNamed()
    {
        using var dir = new TempDir();
        string path = dir.File("bad.parquet");
        await ParquetTables.WriteRoundsAsync(path, SampleRounds());
        byte[] bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
        var e = await Assert.ThrowsAsync<ResultFileException>(() => ParquetTables.ReadRoundsAsync(path));
        Assert.StartsWith($"{path}: not a readable Parquet table", e.Message);

        await File.WriteAllTextAsync(path, "not parquet at all");
        e = await Assert.ThrowsAsync<ResultFileException>(() => ParquetTables.ReadRoundsAsync(path));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public async Task WrongTableIsRejectedWithTheColumns()
    {
        using var dir = new TempDir();
        string path = dir.File("labels.parquet");
        await ParquetTables.WriteLabelsAsync(path, SampleLabels());
        var e = await Assert.ThrowsAsync<ResultFileException>(() => ParquetTables.ReadRoundsAsync(path));
        Assert.Contains("expected columns [dataset, method, model, repeat, round, consensus_accuracy", e.Message);
        Assert.Contains("but found [dataset, method, model, repeat, round, example_id", e.Message);
    }

    [Fact]
    public async Task NullableColumnIsRejected()
    {
        using var dir = new TempDir();
        string path = dir.File("nullable.parquet");
        DataField[] fields = ParquetTables.LabelsSchema.GetDataFields();
        fields[8] = new DataField<int?>("label");
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream)) { }
        var e = await Assert.ThrowsAsync<ResultFileException>(() => ParquetTables.ReadLabelsAsync(path));
        Assert.Contains("column 'label' should be a required Int32 but is nullable Int32", e.Message);
    }

    [Fact]
    public async Task NullStringIsRejectedBeforeWriting()
    {
        using var dir = new TempDir();
        string path = dir.File("r.parquet");
        RoundRow[] rows = [Rows.Round("d", "m", "x", 0, 0), Rows.Round("d", "m", "x", 0, 1) with { Node = null! }];
        var e = await Assert.ThrowsAsync<ArgumentException>(() => ParquetTables.WriteRoundsAsync(path, rows));
        Assert.Contains("row 1: column 'node' is null", e.Message);
        Assert.Empty(dir.AllFiles());
    }

    private static async Task AssertFlatSchema(string path, string[] columns, Dictionary<string, Parquet.Meta.Type> types)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        List<SchemaElement> schema = reader.Metadata!.Schema;
        // Element 0 is the root group; every other element is a leaf directly under it.
        Assert.Equal(columns.Length, schema[0].NumChildren);
        Assert.Equal(columns.Length + 1, schema.Count);
        Assert.Equal(columns, schema.Skip(1).Select(e => e.Name));
        foreach (SchemaElement e in schema.Skip(1))
        {
            Assert.Null(e.NumChildren);
            Assert.Equal(FieldRepetitionType.REQUIRED, e.RepetitionType);
            Assert.Equal(types[e.Name], e.Type);
            if (e.Type == Parquet.Meta.Type.BYTE_ARRAY)
            {
                Assert.Equal(ConvertedType.UTF8, e.ConvertedType);
                Assert.NotNull(e.LogicalType?.STRING);
            }
        }
        Assert.All(reader.Schema.Fields, f => Assert.IsType<DataField>(f, exactMatch: false));
        Assert.All(reader.Schema.GetDataFields(), f => Assert.False(f.IsArray || f.IsNullable));
    }

    private static void AssertSameBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
