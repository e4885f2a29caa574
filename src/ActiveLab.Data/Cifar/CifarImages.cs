namespace ActiveLab.Data;

/// <summary>
/// CIFAR images read from a binary file: N records with their label, image index and 3072 pixel bytes.
/// </summary>
/// <param name="Indices">Length N: the image index of each record (the record number for <see cref="CifarRecordLayout.Standard"/>).</param>
/// <param name="Labels">Length N: class 0..9 of each record.</param>
/// <param name="Pixels">N × 3072 bytes, record-major; within a record the R, G and B planes (32×32 row-major each).</param>
/// <param name="SourcePath">The file they were read from.</param>
public sealed record CifarImages(int[] Indices, byte[] Labels, byte[] Pixels, string SourcePath)
{
    /// <summary>Bytes of one image: 3 planes × 32 × 32.</summary>
    public const int ImageBytes = 3072;

    /// <summary>Side length of an image.</summary>
    public const int Side = 32;

    /// <summary>N: number of records.</summary>
    public int Count => Labels.Length;

    /// <summary>The 3072 bytes (R plane, G plane, B plane) of record <paramref name="record"/>.</summary>
    public ReadOnlySpan<byte> ImageOf(int record) => new(Pixels, record * ImageBytes, ImageBytes);

    /// <summary>Pixel value of channel <paramref name="channel"/> (0 R, 1 G, 2 B) at (<paramref name="y"/>, <paramref name="x"/>).</summary>
    public byte PixelAt(int record, int channel, int y, int x) =>
        Pixels[record * ImageBytes + channel * Side * Side + y * Side + x];
}
