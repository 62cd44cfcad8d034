namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// One line of <c>modbus.log</c>: Zeek's <c>Modbus::Info</c> (zeek/zeek scripts/base/protocols/modbus/main.zeek),
/// written for every request and response, and for an exception response with <c>exception</c> set.
/// </summary>
/// <remarks>
/// Register addresses are not in this log (Zeek's <c>policy/protocols/modbus/track-memmap</c> writes them to
/// <c>modbus_register_change.log</c>, which ZtFleet does not read); ICSNPP's <c>modbus_detailed.log</c> has them.
/// </remarks>
public sealed record ZeekModbusRecord : ZeekRecord
{
    /// <inheritdoc/>
    public override ZeekLogKind Kind => ZeekLogKind.Modbus;

    /// <summary><c>tid</c>: the Modbus/TCP transaction id.</summary>
    public int? Tid { get; init; }

    /// <summary><c>unit</c>: the unit identifier of the MBAP header.</summary>
    public int? Unit { get; init; }

    /// <summary><c>func</c> as written (<c>READ_COILS</c>, <c>READ_COILS_EXCEPTION</c>, <c>unknown-156</c>).</summary>
    public string? Func { get; init; }

    /// <summary>
    /// <see cref="Func"/> as a function code and ZtFleet operation; null when <c>func</c> is absent or a name this
    /// reader does not know (a site can <c>redef</c> Zeek's table).
    /// </summary>
    public ZeekModbusFunction? Function { get; init; }

    /// <summary><c>pdu_type</c>: <c>REQ</c> or <c>RESP</c> (Zeek 5 and later).</summary>
    public string? PduType { get; init; }

    /// <summary><c>exception</c>: the exception's name (<c>ILLEGAL_DATA_ADDRESS</c>) when the response was one.</summary>
    public string? Exception { get; init; }
}
