using System.Runtime.InteropServices;

namespace ActiveLab.Cluster.Protocol;

/// <summary>Length-prefixed arrays for the binary serializers: raw little-endian element bytes, so values round-trip exactly.
/// A length is checked against the bytes left in the message before anything is allocated, so a malformed or hostile
/// message cannot make a node allocate more than the frame it sent.</summary>
internal static class BinaryArrays
{
    /// <summary>Reads a length prefix of elements at least <paramref name="minBytesEach"/> bytes long; throws
    /// <see cref="InvalidDataException"/> when the message cannot hold that many.</summary>
    public static int ReadLength(BinaryReader r, int minBytesEach)
    {
        int n = r.ReadInt32();
        long left = r.BaseStream.Length - r.BaseStream.Position;
        if (n < 0 || (long)n * minBytesEach > left)
            throw new InvalidDataException($"malformed message: an array of {n} elements does not fit the {left} bytes left");
        return n;
    }

    public static void WriteInts(BinaryWriter w, int[] values)
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public static int[] ReadInts(BinaryReader r)
    {
        var values = new int[ReadLength(r, sizeof(int))];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public static void WriteBytes(BinaryWriter w, byte[] values)
    {
        w.Write(values.Length);
        w.Write(values);
    }

    public static byte[] ReadBytes(BinaryReader r)
    {
        var values = new byte[ReadLength(r, 1)];
        r.BaseStream.ReadExactly(values);
        return values;
    }

    public static void WriteStrings(BinaryWriter w, string[] values)
    {
        w.Write(values.Length);
        foreach (var s in values) w.Write(s);
    }

    public static string[] ReadStrings(BinaryReader r)
    {
        var values = new string[ReadLength(r, 1)];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadString();
        return values;
    }

    public static long[] ReadLongs(BinaryReader r)
    {
        var values = new long[ReadLength(r, sizeof(long))];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadInt64();
        return values;
    }
}
