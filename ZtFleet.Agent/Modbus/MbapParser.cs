using System.Buffers;
using System.Buffers.Binary;

namespace ZtFleet.Agent.Modbus;

/// <summary>The result of reading a frame from a buffer.</summary>
public enum MbapReadResult
{
    /// <summary>A whole frame was read and consumed.</summary>
    Frame,

    /// <summary>The buffer holds only part of a frame: read more.</summary>
    NeedMore,

    /// <summary>The bytes are not Modbus/TCP (protocol id not 0, impossible length): close the session.</summary>
    Invalid,
}

/// <summary>
/// Reads Modbus/TCP frames (MBAP header: transaction id, protocol id 0, length, unit id; then the PDU) from a byte
/// stream, which may split frames across reads or carry several in one.
/// </summary>
public static class MbapParser
{
    /// <summary>Transaction id, protocol id, length, unit id.</summary>
    public const int HeaderLength = 7;

    /// <summary>The exception code for a function the server (here: the policy) does not allow.</summary>
    public const byte IllegalFunction = 0x01;

    /// <summary>The exception code a gateway answers when the target device did not respond in time.</summary>
    public const byte GatewayTargetFailedToRespond = 0x0B;

    // The length field counts the unit id and the PDU: at least a function code, at most a 253-byte PDU.
    private const int MinLengthField = 2;
    private const int MaxLengthField = 254;

    /// <summary>Reads one frame from the start of <paramref name="buffer"/>, consuming it when whole.</summary>
    public static MbapReadResult TryRead(ref ReadOnlySequence<byte> buffer, out MbapFrame? frame, out string? error)
    {
        frame = null;
        error = null;
        if (buffer.Length < HeaderLength)
        {
            return MbapReadResult.NeedMore;
        }

        Span<byte> header = stackalloc byte[HeaderLength + 1];
        var available = (int)Math.Min(buffer.Length, HeaderLength + 1);
        buffer.Slice(0, available).CopyTo(header);
        var protocol = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        if (protocol != 0)
        {
            error = $"protocol id {protocol} is not Modbus (0)";
            return MbapReadResult.Invalid;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
        if (length is < MinLengthField or > MaxLengthField)
        {
            error = $"length {length} is outside {MinLengthField}-{MaxLengthField}";
            return MbapReadResult.Invalid;
        }

        var total = HeaderLength - 1 + length;
        if (buffer.Length < total)
        {
            return MbapReadResult.NeedMore;
        }

        var bytes = buffer.Slice(0, total).ToArray();
        frame = new MbapFrame(BinaryPrimitives.ReadUInt16BigEndian(bytes), bytes[6], bytes[7], bytes);
        buffer = buffer.Slice(total);
        return MbapReadResult.Frame;
    }
}
