namespace ZtFleet.Agent.Modbus;

/// <summary>One Modbus/TCP application data unit: the MBAP header and the PDU.</summary>
/// <param name="TransactionId">The client's transaction id, echoed in the response.</param>
/// <param name="UnitId">The unit (slave) id.</param>
/// <param name="FunctionCode">The PDU's function code (for a response, with 0x80 set on an exception).</param>
/// <param name="Bytes">The whole frame as it came over the wire (header and PDU).</param>
public sealed record MbapFrame(ushort TransactionId, byte UnitId, byte FunctionCode, byte[] Bytes)
{
    /// <summary>The exception response a proxy sends instead of forwarding a refused request.</summary>
    /// <param name="exceptionCode">The Modbus exception code (0x01 illegal function).</param>
    public byte[] ExceptionResponse(byte exceptionCode = MbapParser.IllegalFunction) =>
    [
        (byte)(TransactionId >> 8), (byte)TransactionId,
        0, 0, // protocol id
        0, 3, // length: unit id, function code, exception code
        UnitId,
        (byte)(FunctionCode | 0x80),
        exceptionCode,
    ];
}
