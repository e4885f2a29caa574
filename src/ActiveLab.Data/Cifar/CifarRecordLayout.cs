namespace ActiveLab.Data;

/// <summary>Record layouts of CIFAR binary image files.</summary>
public enum CifarRecordLayout
{
    /// <summary>
    /// The official CIFAR-10 binary layout (<c>test_batch.bin</c>, <c>cifar10_test_from_jpeg.bin.gz</c>): 3073 bytes per
    /// record = 1 label byte, then 1024 R, 1024 G, 1024 B bytes (each plane 32×32 row-major). Record r is image r.
    /// </summary>
    Standard,

    /// <summary>
    /// The shared data's lossless subset (<c>cifar10_test_lossless_subset.bin.gz</c>): 3075 bytes per record = uint16
    /// little-endian test index, 1 label byte, then the 3072 plane bytes as in <see cref="Standard"/>.
    /// </summary>
    IndexedSubset,
}
