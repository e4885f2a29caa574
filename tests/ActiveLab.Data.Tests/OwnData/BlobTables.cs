using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace ActiveLab.Data.Tests;

/// <summary>A generated table: Gaussian blobs, one per class, in <c>Features</c> dimensions, plus a label column.</summary>
internal sealed record BlobTable(string[] Columns, List<string[]> Rows)
{
    /// <summary>Index of the label column (the last).</summary>
    public int LabelIndex => Columns.Length - 1;

    /// <summary><paramref name="n"/> rows with classes drawn from <paramref name="classes"/>, centres 3 apart.</summary>
    public static BlobTable Generate(int n, int seed, IReadOnlyList<string>? classes = null, int features = 3)
    {
        classes ??= ["a", "b", "c"];
        var rng = new Random(seed);
        var rows = new List<string[]>(n);
        for (int i = 0; i < n; i++)
        {
            int c = i % classes.Count; // every class present, also in small tables
            var row = new string[features + 1];
            for (int j = 0; j < features; j++)
            {
                double centre = j == c % features ? 3.0 * (1 + c / features) : 0.0;
                double gauss = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                row[j] = Math.Round(centre + gauss, 4).ToString("R", CultureInfo.InvariantCulture);
            }
            row[features] = classes[c];
            rows.Add(row);
        }
        return new BlobTable([.. Enumerable.Range(1, features).Select(j => $"x{j}"), "label"], rows);
    }

    /// <summary>Writes the table as CSV under <paramref name="dataDir"/> and returns the full path.</summary>
    public string WriteCsv(string dataDir, string relative)
    {
        string path = Path.Combine(dataDir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, [string.Join(',', Columns), .. Rows.Select(r => string.Join(',', r))]);
        return path;
    }

    /// <summary>Writes the table as Parquet (features as doubles, the label as text) and returns the full path.</summary>
    public async Task<string> WriteParquetAsync(string dataDir, string relative)
    {
        string path = Path.Combine(dataDir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fields = Columns.Select((c, i) => i == LabelIndex ? (DataField)new DataField<string>(c) : new DataField<double>(c)).ToArray();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        using var group = writer.CreateRowGroup();
        for (int i = 0; i < fields.Length; i++)
        {
            if (i == LabelIndex)
            {
                await group.WriteAsync(fields[i], Rows.Select(r => r[i]).ToArray());
                continue;
            }
            double[] values = Rows.Select(r => double.Parse(r[i], CultureInfo.InvariantCulture)).ToArray();
            await group.WriteAsync<double>(fields[i], values.AsMemory(), null, null, CancellationToken.None);
        }
        group.CompleteValidate();
        return path;
    }
}
