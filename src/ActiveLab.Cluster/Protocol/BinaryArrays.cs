using System.Runtime.InteropServices;

namespace ActiveLab.Cluster.Protocol;

/// <summary>Length-prefixed arrays for the binary serializers: raw little-endian element bytes, so values round-trip exactly.</summary>
internal static class BinaryArrays
{
    public static void WriteInts(BinaryWriter w, int[] values)
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public static int[] ReadInts(BinaryReader r)
    {
        var values = new int[r.ReadInt32()];
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
        var values = new byte[r.ReadInt32()];
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
        var values = new string[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadString();
        return values;
    }

    public static long[] ReadLongs(BinaryReader r)
    {
        var values = new long[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadInt64();
        return values;
    }
}
