using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using ZtFleet.Api.V1;

namespace ZtFleet.Tests.Api.BadInput;

/// <summary>
/// One public RPC of the API, found in the generated service descriptors (every <c>*Reflection.Descriptor</c> of
/// <c>ZtFleet.Api.V1</c>), so an RPC added to a proto is covered by the bad-input suite without touching it.
/// </summary>
public sealed record PublicRpc(MethodDescriptor Method)
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>Every RPC of every service in the API's protos, by its path (<c>/ztfleet.v1.FleetService/ListPlants</c>).</summary>
    public static IReadOnlyDictionary<string, PublicRpc> All { get; } = typeof(FleetService).Assembly.GetTypes()
        .Where(type => type.Namespace == typeof(FleetService).Namespace && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
        .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
        .OfType<FileDescriptor>()
        .SelectMany(file => file.Services)
        .SelectMany(service => service.Methods)
        .Select(method => new PublicRpc(method))
        .ToDictionary(rpc => rpc.Path, StringComparer.Ordinal);

    public string Path => $"/{Method.Service.FullName}/{Method.Name}";

    public bool IsServerStreaming => Method.IsServerStreaming;

    /// <summary>True for a client or bidirectional stream (<c>TelemetryService/Ingest</c>): the request is one message of the stream.</summary>
    public bool IsClientStreaming => Method.IsClientStreaming;

    public MessageDescriptor Input => Method.InputType;

    /// <summary>The method with raw bytes in and out, so a test can send what no generated client would.</summary>
    public Method<byte[], byte[]> Raw => new(
        (Method.IsClientStreaming, Method.IsServerStreaming) switch
        {
            (true, true) => MethodType.DuplexStreaming,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.Unary,
        },
        Method.Service.FullName, Method.Name, Bytes, Bytes);

    /// <summary>The paths of all RPCs, as theory data.</summary>
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (var path in All.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(path);
        }

        return data;
    }

    /// <summary>
    /// A well-formed request with every field set (plant ids to a real plant, other text to a harmless value,
    /// numbers to 1, timestamps to an hour from now); <paramref name="huge"/> replaces the first string field.
    /// </summary>
    public byte[] Sample(string? huge = null)
    {
        var bytes = Encode(Input, huge, depth: 0);
        _ = Input.Parser.ParseFrom(bytes);
        return bytes;
    }

    /// <summary>True when the request has a string field at the top level (the one a huge value goes into).</summary>
    public bool HasStringField => Input.Fields.InFieldNumberOrder().Any(f => f.FieldType == FieldType.String);

    /// <summary><paramref name="message"/> with fields appended that the request type does not declare.</summary>
    public static byte[] WithUnknownFields(byte[] message)
    {
        using var stream = new MemoryStream();
        stream.Write(message);
        var output = new CodedOutputStream(stream);
        output.WriteTag(9_999, WireFormat.WireType.Varint);
        output.WriteInt64(42);
        output.WriteTag(10_000, WireFormat.WireType.LengthDelimited);
        output.WriteString("a field from a newer client");
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Encode(MessageDescriptor descriptor, string? huge, int depth)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        if (descriptor.FullName == Google.Protobuf.WellKnownTypes.Timestamp.Descriptor.FullName)
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt64(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
            output.Flush();
            return stream.ToArray();
        }

        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                continue;
            }

            switch (field.FieldType)
            {
                case FieldType.String:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                    output.WriteString(huge ?? SampleText(field));
                    huge = null;
                    break;
                case FieldType.Bytes:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFromUtf8("bad-input"));
                    break;
                case FieldType.Bool or FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                    output.WriteInt64(1);
                    break;
                case FieldType.Enum:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                    output.WriteInt32(field.EnumType.Values.Select(v => v.Number).Where(n => n != 0).DefaultIfEmpty(0).First());
                    break;
                case FieldType.SInt32 or FieldType.SInt64:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                    output.WriteSInt64(1);
                    break;
                case FieldType.Fixed32 or FieldType.SFixed32 or FieldType.Float:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
                    output.WriteFixed32(field.FieldType == FieldType.Float ? BitConverter.SingleToUInt32Bits(1f) : 1u);
                    break;
                case FieldType.Fixed64 or FieldType.SFixed64 or FieldType.Double:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                    output.WriteFixed64(field.FieldType == FieldType.Double ? BitConverter.DoubleToUInt64Bits(1d) : 1ul);
                    break;
                case FieldType.Message when depth < 3:
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFrom(Encode(field.MessageType, null, depth + 1)));
                    break;
            }
        }

        output.Flush();
        return stream.ToArray();
    }

    private static string SampleText(FieldDescriptor field) => field.Name switch
    {
        "plant_id" or "plant_ids" => "berlin",
        _ => "bad-input",
    };
}
