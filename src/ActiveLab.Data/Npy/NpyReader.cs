using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ActiveLab.Data;

/// <summary>
/// Reads NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0; gzip-compressed files too). Supported dtypes:
/// little-endian (or byte-order-free) float64, float32, int64, int32, int16, int8, uint8, uint16, uint32, bool and
/// fixed-width unicode <c>&lt;U n</c>; C order, plus Fortran order for 1-D/2-D arrays. Object (pickled) arrays,
/// big-endian data and other dtypes are rejected with a message naming the file.
/// </summary>
public static partial class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads the array stored at <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">Missing file, bad magic, bad or unsupported header, truncated data.</exception>
    public static NpyArray Read(string path) => Parse(DataFile.ReadAllBytes(path), path);

    /// <summary>Parses the bytes of a <c>.npy</c> file; <paramref name="path"/> only names the file in errors.</summary>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw new DataFormatException(path, "bad NPY header: the file does not start with the magic string \\x93NUMPY");
        int major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
                headerStart = 10;
                break;
            case 2 or 3:
                if (bytes.Length < 12) throw new DataFormatException(path, "bad NPY header: truncated before the header length");
                uint length32 = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
                if (length32 > int.MaxValue) throw new DataFormatException(path, $"bad NPY header: header length {length32} is too large");
                headerLength = (int)length32;
                headerStart = 12;
                break;
            default:
                throw new DataFormatException(path, $"bad NPY header: unsupported format version {major}.{bytes[7]}");
        }
        if (bytes.Length < headerStart + headerLength)
            throw new DataFormatException(path, $"bad NPY header: the header claims {headerLength} bytes but the file ends first");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(headerStart, headerLength));

        string descr = Match(DescrPattern(), header, "descr", path);
        string fortran = Match(FortranPattern(), header, "fortran_order", path);
        string shapeText = Match(ShapePattern(), header, "shape", path);
        int[] shape;
        try
        {
            shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.Parse(s.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new DataFormatException(path, $"bad NPY header: shape '({shapeText})' is not a tuple of non-negative integers", inner: e);
        }
        bool fortranOrder = fortran == "True";
        if (fortranOrder && shape.Length > 2)
            throw new DataFormatException(path, "bad NPY header: Fortran-order arrays with more than 2 dimensions are not supported");

        var (kind, size) = ParseDescr(descr, path);
        long count = shape.Aggregate(1L, (a, b) => a * b);
        long needed = count * size;
        var data = bytes[(headerStart + headerLength)..];
        if (data.Length < needed)
            throw new DataFormatException(path,
                $"truncated NPY data: shape ({string.Join(", ", shape)}) of {descr} needs {needed} bytes, the file has {data.Length}");
        if (needed > int.MaxValue) throw new DataFormatException(path, $"the array has {count} elements, too many to load");

        int[] order = fortranOrder && shape.Length == 2 ? FortranToC(shape[0], shape[1]) : [];
        if (kind == 'U')
        {
            var strings = new string[count];
            int chars = size / 4;
            for (long e = 0; e < count; e++)
            {
                var cell = data.Slice((int)(e * size), size);
                var sb = new StringBuilder(chars);
                for (int c = 0; c < chars; c++)
                {
                    int cp = BinaryPrimitives.ReadInt32LittleEndian(cell[(c * 4)..]);
                    if (cp == 0) break;
                    sb.Append(char.ConvertFromUtf32(cp));
                }
                strings[e] = sb.ToString();
            }
            return new NpyArray(path, descr, shape, null, Reorder(strings, order));
        }
        var values = new double[count];
        for (int e = 0; e < count; e++)
        {
            var cell = data.Slice(e * size, size);
            values[e] = (kind, size) switch
            {
                ('f', 8) => BinaryPrimitives.ReadDoubleLittleEndian(cell),
                ('f', 4) => BinaryPrimitives.ReadSingleLittleEndian(cell),
                ('i', 8) => BinaryPrimitives.ReadInt64LittleEndian(cell),
                ('i', 4) => BinaryPrimitives.ReadInt32LittleEndian(cell),
                ('i', 2) => BinaryPrimitives.ReadInt16LittleEndian(cell),
                ('i', 1) => (sbyte)cell[0],
                ('u', 1) => cell[0],
                ('u', 2) => BinaryPrimitives.ReadUInt16LittleEndian(cell),
                ('u', 4) => BinaryPrimitives.ReadUInt32LittleEndian(cell),
                ('b', 1) => cell[0] != 0 ? 1 : 0,
                _ => throw new InvalidOperationException("unreachable"),
            };
        }
        return new NpyArray(path, descr, shape, Reorder(values, order), null);
    }

    private static T[] Reorder<T>(T[] values, int[] order)
    {
        if (order.Length == 0) return values;
        var result = new T[values.Length];
        for (int i = 0; i < order.Length; i++) result[i] = values[order[i]];
        return result;
    }

    /// <summary>For each C-order position, the Fortran-order source position.</summary>
    private static int[] FortranToC(int rows, int columns)
    {
        var order = new int[rows * columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) order[i * columns + j] = j * rows + i;
        return order;
    }

    private static (char Kind, int Size) ParseDescr(string descr, string path)
    {
        if (descr.Length >= 2 && descr[1] == 'O')
            throw new DataFormatException(path, "object (pickled) arrays are not supported; save with a fixed dtype (e.g. '<U' for paths)");
        if (descr.Length < 3)
            throw new DataFormatException(path, $"bad NPY header: dtype '{descr}' is not a simple dtype");
        char order = descr[0], kind = descr[1];
        if (!int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size <= 0)
            throw new DataFormatException(path, $"bad NPY header: dtype '{descr}' has no valid item size");
        if (order == '>' && !(size == 1 && kind != 'U'))
            throw new DataFormatException(path, $"big-endian dtype '{descr}' is not supported (save little-endian)");
        if (order is not ('<' or '|' or '='))
            throw new DataFormatException(path, $"bad NPY header: dtype '{descr}' has an unknown byte-order mark");
        bool supported = (kind, size) switch
        {
            ('f', 8 or 4) => true,
            ('i', 8 or 4 or 2 or 1) => true,
            ('u', 1 or 2 or 4) => true,
            ('b', 1) => true,
            ('U', _) => true,
            _ => false,
        };
        if (!supported)
            throw new DataFormatException(path,
                $"unsupported dtype '{descr}' (supported: float64/32, int64/32/16/8, uint8/16/32, bool, unicode)");
        return (kind, kind == 'U' ? size * 4 : size);
    }

    private static string Match(Regex pattern, string header, string key, string path)
    {
        var m = pattern.Match(header);
        if (!m.Success)
            throw new DataFormatException(path, $"bad NPY header: no '{key}' entry in {header.Trim()}");
        return m.Groups[1].Value;
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
