using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using ActiveLab.Core;

namespace ActiveLab.Data;

/// <summary>
/// Writes NumPy <c>.npy</c> files (format 1.0, little-endian, C order), gzip-compressed when the path ends in ".gz".
/// Useful to export a built benchmark in the original's array names (spec §1.9) and in tests.
/// </summary>
public static class NpyWriter
{
    /// <summary>float64 array of the given shape (product of the shape = data length).</summary>
    public static void Write(string path, ReadOnlySpan<double> data, params int[] shape)
    {
        var payload = new byte[data.Length * 8];
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(i * 8), data[i]);
        WriteCore(path, "<f8", shape, data.Length, payload);
    }

    /// <summary>int64 array.</summary>
    public static void Write(string path, ReadOnlySpan<long> data, params int[] shape)
    {
        var payload = new byte[data.Length * 8];
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(i * 8), data[i]);
        WriteCore(path, "<i8", shape, data.Length, payload);
    }

    /// <summary>int32 array.</summary>
    public static void Write(string path, ReadOnlySpan<int> data, params int[] shape)
    {
        var payload = new byte[data.Length * 4];
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(i * 4), data[i]);
        WriteCore(path, "<i4", shape, data.Length, payload);
    }

    /// <summary>bool array.</summary>
    public static void Write(string path, ReadOnlySpan<bool> data, params int[] shape)
    {
        var payload = new byte[data.Length];
        for (int i = 0; i < data.Length; i++) payload[i] = data[i] ? (byte)1 : (byte)0;
        WriteCore(path, "|b1", shape, data.Length, payload);
    }

    /// <summary>An N × d matrix as float64.</summary>
    public static void Write(string path, Matrix matrix) => Write(path, matrix.Data, matrix.Rows, matrix.Columns);

    /// <summary>A label matrix as N × M float64 with NaN for missing cells (the originals' representation).</summary>
    public static void Write(string path, LabelMatrix labels)
    {
        var data = new double[labels.Rows * labels.Columns];
        Array.Fill(data, double.NaN);
        for (int i = 0; i < labels.Rows; i++)
        {
            var cols = labels.ColumnsOfRow(i);
            var labs = labels.LabelsOfRow(i);
            for (int e = 0; e < cols.Length; e++) data[i * labels.Columns + cols[e]] = labs[e];
        }
        Write(path, data, labels.Rows, labels.Columns);
    }

    private static void WriteCore(string path, string descr, int[] shape, int length, byte[] payload)
    {
        long expected = shape.Aggregate(1L, (a, b) => a * b);
        if (expected != length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {expected} elements, data has {length}", nameof(shape));
        string shapeText = shape.Length == 1
            ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)"
            : "(" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int unpadded = 10 + dict.Length + 1; // magic(6) + version(2) + length(2) + dict + '\n'
        int padding = (64 - unpadded % 64) % 64;
        string header = dict + new string(' ', padding) + "\n";

        using var file = File.Create(path);
        using Stream output = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.Optimal)
            : file;
        output.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        output.Write(len);
        output.Write(Encoding.ASCII.GetBytes(header));
        output.Write(payload);
    }
}
