using System.Text;

namespace ActiveLab.Models.Vision;

/// <summary>
/// Makes the batch dimension of an ONNX model's graph inputs and outputs symbolic.
/// <para>
/// The ResNet-18 and preprocessing ONNX files of Microsoft.ML.DnnImageFeaturizer.ResNet18 (exported by CNTK / TLC)
/// declare their input and output as [1, 3, 224, 224] / [1, 512, 1, 1]; ONNX Runtime refuses a batch of more than one
/// image against such a fixed dimension. Nothing inside the graphs depends on the batch size (convolutions, batch
/// norm, pooling, split/concat along the channel axis, a broadcast subtraction), so this rewrites the protobuf:
/// dimension 0 of every graph input that is not an initializer and of every graph output becomes
/// <c>dim_param "N"</c>, and the graph's <c>value_info</c> (intermediate shapes recorded with batch 1) is dropped —
/// ONNX Runtime infers those shapes again. All other bytes are copied unchanged.
/// </para>
/// <para>Only the protobuf wire format is needed (ModelProto.graph = 7; GraphProto.initializer = 5, input = 11,
/// output = 12, value_info = 13; ValueInfoProto.type = 2; TypeProto.tensor_type = 1; Tensor.shape = 2;
/// TensorShapeProto.dim = 1; Dimension.dim_value = 1, dim_param = 2; TensorProto.name = 8).</para>
/// </summary>
internal static class OnnxBatchDimension
{
    private const string BatchName = "N";

    /// <summary>The model with a symbolic batch dimension (see the class summary).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX ModelProto with a graph.</exception>
    public static byte[] MakeDynamic(byte[] model)
    {
        var output = new MemoryStream(model.Length + 64);
        bool sawGraph = false;
        foreach (var field in Fields(model))
        {
            if (field.Number == 7 && field.WireType == 2)
            {
                sawGraph = true;
                WriteBytesField(output, 7, RewriteGraph(field.Payload.Span));
            }
            else
            {
                output.Write(field.Raw.Span);
            }
        }
        if (!sawGraph) throw new InvalidDataException("the ONNX model has no graph");
        return output.ToArray();
    }

    private static byte[] RewriteGraph(ReadOnlySpan<byte> graph)
    {
        var bytes = graph.ToArray();
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in Fields(bytes))
        {
            if (field.Number != 5 || field.WireType != 2) continue;
            foreach (var t in Fields(field.Payload.ToArray()))
                if (t.Number == 8 && t.WireType == 2) initializers.Add(Encoding.UTF8.GetString(t.Payload.Span));
        }

        var output = new MemoryStream(bytes.Length);
        foreach (var field in Fields(bytes))
        {
            switch (field.Number)
            {
                case 13 when field.WireType == 2:
                    break;   // value_info: dropped (re-inferred)
                case 11 when field.WireType == 2 && !initializers.Contains(ValueInfoName(field.Payload.Span)):
                case 12 when field.WireType == 2:
                    WriteBytesField(output, field.Number, RewriteValueInfo(field.Payload.ToArray()));
                    break;
                default:
                    output.Write(field.Raw.Span);
                    break;
            }
        }
        return output.ToArray();
    }

    private static string ValueInfoName(ReadOnlySpan<byte> valueInfo)
    {
        foreach (var f in Fields(valueInfo.ToArray()))
            if (f.Number == 1 && f.WireType == 2) return Encoding.UTF8.GetString(f.Payload.Span);
        return "";
    }

    // ValueInfoProto → type (2) → tensor_type (1) → shape (2) → first dim (1).
    private static byte[] RewriteValueInfo(byte[] valueInfo) =>
        RewriteNested(valueInfo, 2, type => RewriteNested(type, 1, tensor => RewriteNested(tensor, 2, RewriteFirstDim)));

    private static byte[] RewriteFirstDim(byte[] shape)
    {
        var output = new MemoryStream(shape.Length + 8);
        bool first = true;
        foreach (var f in Fields(shape))
        {
            if (first && f.Number == 1 && f.WireType == 2)
            {
                first = false;
                var dim = new MemoryStream();
                WriteBytesField(dim, 2, Encoding.UTF8.GetBytes(BatchName));
                WriteBytesField(output, 1, dim.ToArray());
            }
            else
            {
                output.Write(f.Raw.Span);
            }
        }
        return output.ToArray();
    }

    /// <summary>Rewrites every length-delimited field <paramref name="number"/> of a message with <paramref name="rewrite"/>.</summary>
    private static byte[] RewriteNested(byte[] message, int number, Func<byte[], byte[]> rewrite)
    {
        var output = new MemoryStream(message.Length + 8);
        foreach (var f in Fields(message))
        {
            if (f.Number == number && f.WireType == 2) WriteBytesField(output, number, rewrite(f.Payload.ToArray()));
            else output.Write(f.Raw.Span);
        }
        return output.ToArray();
    }

    private readonly record struct Field(int Number, int WireType, ReadOnlyMemory<byte> Raw, ReadOnlyMemory<byte> Payload);

    private static IEnumerable<Field> Fields(byte[] message)
    {
        int position = 0;
        while (position < message.Length)
        {
            int start = position;
            ulong key = ReadVarint(message, ref position);
            int number = (int)(key >> 3), wireType = (int)(key & 7);
            int payloadStart = position, payloadLength;
            switch (wireType)
            {
                case 0:
                    ReadVarint(message, ref position);
                    payloadLength = position - payloadStart;
                    break;
                case 1:
                    payloadLength = 8;
                    break;
                case 2:
                    ulong length = ReadVarint(message, ref position);
                    if (length > (ulong)(message.Length - position)) throw new InvalidDataException("truncated ONNX protobuf field");
                    payloadStart = position;
                    payloadLength = (int)length;
                    break;
                case 5:
                    payloadLength = 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported protobuf wire type {wireType} in the ONNX model");
            }
            if (wireType != 0) position = payloadStart + payloadLength;
            if (position > message.Length || number == 0) throw new InvalidDataException("malformed ONNX protobuf");
            yield return new Field(number, wireType, message.AsMemory(start, position - start), message.AsMemory(payloadStart, payloadLength));
        }
    }

    private static ulong ReadVarint(byte[] buffer, ref int position)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= buffer.Length) throw new InvalidDataException("truncated protobuf varint in the ONNX model");
            byte b = buffer[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("protobuf varint too long in the ONNX model");
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }

    private static void WriteBytesField(Stream stream, int number, ReadOnlySpan<byte> payload)
    {
        WriteVarint(stream, ((ulong)number << 3) | 2);
        WriteVarint(stream, (ulong)payload.Length);
        stream.Write(payload);
    }
}
