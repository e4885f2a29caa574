using System.IO.Compression;
using System.Security.Cryptography;

namespace ActiveLab.Data;

/// <summary>
/// Opening data files: gzip is detected from the content (magic bytes 1f 8b), not from the name, so a file may be
/// stored compressed or plain. A missing file is a <see cref="DataFormatException"/> naming the path.
/// </summary>
public static class DataFile
{
    /// <summary>Opens <paramref name="path"/> for reading, transparently decompressing gzip content.</summary>
    /// <exception cref="DataFormatException">The file does not exist or cannot be opened.</exception>
    public static Stream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new DataFormatException(path, "file not found");
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot open the file: {e.Message}", inner: e);
        }
        Span<byte> magic = stackalloc byte[2];
        int read = file.Read(magic);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            return new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
        return file;
    }

    /// <summary>The whole (decompressed) content of <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">Missing file or corrupt gzip data.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        using var stream = OpenRead(path);
        using var buffer = new MemoryStream();
        try
        {
            stream.CopyTo(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip data: {e.Message}", inner: e);
        }
        return buffer.ToArray();
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="content"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// The first of <paramref name="candidates"/> that exists, or null. Used to accept a file compressed or plain and
    /// in the shared-data layout or the original one.
    /// </summary>
    public static string? FirstExisting(params string[] candidates) => candidates.FirstOrDefault(File.Exists);
}
