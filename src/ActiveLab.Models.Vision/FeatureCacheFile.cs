using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ActiveLab.Models.Vision;

/// <summary>
/// The on-disk layout of one feature cache file (little-endian):
/// <code>
/// offset  size     field
///      0     8     magic "ALFEAT01"
///      8     4     int32 format version (1)
///     12     4     int32 N, records of the image source file
///     16     4     int32 D, feature length (512)
///     20     4     int32 preprocessing version (ResNet18Featurizer.PreprocessingVersion)
///     24    32     SHA-256 of the image source file
///     56    32     model hash (SHA-256 over the SHA-256s of ResNet18.onnx and ResNetPreprocess.onnx)
///     88     N     one byte per record: 1 = its features are present, 0 = not computed yet
///   88+N   4·N·D   float32 features, record-major (rows not computed are 0)
///    end    32     SHA-256 of every byte before it
/// </code>
/// </summary>
internal static class FeatureCacheFile
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("ALFEAT01");
    private const int HeaderBytes = 88;

    /// <summary>A valid cache's content.</summary>
    public sealed record Content(bool[] Present, float[] Features);

    public static long ExpectedLength(int records, int dimension) => HeaderBytes + records + 4L * records * dimension + 32;

    /// <summary>
    /// Reads and validates <paramref name="path"/>. Returns null (with the reason) when the file is missing, truncated,
    /// of another shape, keyed differently, fails its checksum, or holds a non-finite feature.
    /// </summary>
    public static Content? TryRead(string path, int records, int dimension, int preprocessingVersion, byte[] sourceHash, byte[] modelHash, out string? problem)
    {
        problem = null;
        if (!File.Exists(path)) return null;
        byte[] bytes;
        try
        {
            long length = new FileInfo(path).Length;
            if (length != ExpectedLength(records, dimension))
            {
                problem = $"size {length} bytes, expected {ExpectedLength(records, dimension)} for {records} × {dimension}";
                return null;
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read: {e.Message}";
            return null;
        }
        if (bytes.LongLength != ExpectedLength(records, dimension)) { problem = "changed size while being read"; return null; }
        var span = bytes.AsSpan();
        if (!span[..8].SequenceEqual(Magic)) { problem = "not a feature cache file (bad magic)"; return null; }
        int format = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        int n = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        int d = BinaryPrimitives.ReadInt32LittleEndian(span[16..]);
        int prep = BinaryPrimitives.ReadInt32LittleEndian(span[20..]);
        if (format != FormatVersion) { problem = $"format version {format}, expected {FormatVersion}"; return null; }
        if (n != records || d != dimension) { problem = $"shape {n} × {d}, expected {records} × {dimension}"; return null; }
        if (prep != preprocessingVersion) { problem = $"preprocessing version {prep}, expected {preprocessingVersion}"; return null; }
        if (!span.Slice(24, 32).SequenceEqual(sourceHash)) { problem = "made from another image file (source hash differs)"; return null; }
        if (!span.Slice(56, 32).SequenceEqual(modelHash)) { problem = "made with other model files (model hash differs)"; return null; }
        int body = bytes.Length - 32;
        if (!SHA256.HashData(span[..body]).AsSpan().SequenceEqual(span[body..])) { problem = "checksum mismatch (corrupt)"; return null; }

        var present = new bool[records];
        var features = new float[(long)records * dimension];
        var mask = span.Slice(HeaderBytes, records);
        var data = span.Slice(HeaderBytes + records, 4 * records * dimension);
        for (int r = 0; r < records; r++)
        {
            if (mask[r] > 1) { problem = $"record {r}: bad presence byte {mask[r]}"; return null; }
            present[r] = mask[r] == 1;
        }
        for (int i = 0; i < features.Length; i++)
        {
            float v = BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
            if (!float.IsFinite(v)) { problem = $"record {i / dimension}: non-finite feature {v}"; return null; }
            features[i] = v;
        }
        return new Content(present, features);
    }

    /// <summary>Writes the file atomically: a temporary file in the same folder, flushed, then renamed over the target.</summary>
    public static void Write(string path, int records, int dimension, int preprocessingVersion, byte[] sourceHash, byte[] modelHash, Content content)
    {
        var bytes = new byte[ExpectedLength(records, dimension)];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], records);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], dimension);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], preprocessingVersion);
        sourceHash.CopyTo(span[24..]);
        modelHash.CopyTo(span[56..]);
        for (int r = 0; r < records; r++) span[HeaderBytes + r] = content.Present[r] ? (byte)1 : (byte)0;
        var data = span.Slice(HeaderBytes + records, 4 * records * dimension);
        for (int i = 0; i < content.Features.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data[(4 * i)..], content.Features[i]);
        int body = bytes.Length - 32;
        SHA256.HashData(span[..body], span[body..]);

        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
