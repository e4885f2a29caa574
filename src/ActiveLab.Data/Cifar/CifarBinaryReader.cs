namespace ActiveLab.Data;

/// <summary>
/// Reads CIFAR binary image files (gzip or plain; <see cref="CifarRecordLayout"/>). Every record must be complete and
/// carry a label 0..9; a truncated file fails naming the file and the first incomplete record.
/// </summary>
public static class CifarBinaryReader
{
    /// <summary>Reads all records of <paramref name="path"/> (at most <paramref name="maxRecords"/> when given).</summary>
    /// <exception cref="DataFormatException">Missing file, empty file, truncated record, or a label outside 0..9.</exception>
    public static CifarImages Read(string path, CifarRecordLayout layout = CifarRecordLayout.Standard, int? maxRecords = null)
    {
        int header = layout == CifarRecordLayout.IndexedSubset ? 3 : 1;
        int recordBytes = header + CifarImages.ImageBytes;
        using var stream = DataFile.OpenRead(path);
        var indices = new List<int>();
        var labels = new List<byte>();
        var pixels = new MemoryStream();
        var record = new byte[recordBytes];
        int count = 0;
        while (maxRecords is null || count < maxRecords)
        {
            int filled = ReadFully(stream, record, path, count);
            if (filled == 0) break;
            if (filled < recordBytes)
                throw new DataFormatException(path,
                    $"truncated file: the record has {filled} of {recordBytes} bytes ({count} complete records before it)", record: count);
            int label = record[header - 1];
            if (label >= CifarClasses.Count)
                throw new DataFormatException(path, $"label byte {label} is outside 0..{CifarClasses.Count - 1}", record: count);
            indices.Add(layout == CifarRecordLayout.IndexedSubset ? record[0] | (record[1] << 8) : count);
            labels.Add((byte)label);
            pixels.Write(record, header, CifarImages.ImageBytes);
            count++;
        }
        if (count == 0) throw new DataFormatException(path, "the file holds no image record");
        return new CifarImages(indices.ToArray(), labels.ToArray(), pixels.ToArray(), path);
    }

    private static int ReadFully(Stream stream, byte[] buffer, string path, int record)
    {
        int filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                int n = stream.Read(buffer, filled, buffer.Length - filled);
                if (n == 0) break;
                filled += n;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new DataFormatException(path, $"corrupt or truncated gzip data: {e.Message}", record: record, inner: e);
        }
        return filled;
    }
}
