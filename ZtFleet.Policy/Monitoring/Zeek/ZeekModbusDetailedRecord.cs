using System.Net;

namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// One line of ICSNPP-Modbus's <c>modbus_detailed.log</c> (cisagov/icsnpp-modbus scripts/main.zeek,
/// <c>Modbus_Extended::Modbus_Detailed</c>). Two schemas are in the field and both are read:
/// <list type="bullet">
/// <item>since September 2025 (commit 1642891): one line per matched request and response, with <c>address</c>,
/// <c>quantity</c>, <c>request_values</c>/<c>response_values</c> (vector of count), <c>matched</c> and
/// <c>exception_code</c>;</item>
/// <item>before (as older Malcolm releases ship it): one line per message, with <c>is_orig</c>,
/// <c>source_h</c>/<c>source_p</c>/<c>destination_h</c>/<c>destination_p</c>, <c>request_response</c>
/// (<c>REQUEST</c>/<c>RESPONSE</c>) and <c>values</c> as one string.</item>
/// </list>
/// </summary>
public sealed record ZeekModbusDetailedRecord : ZeekRecord
{
    /// <inheritdoc/>
    public override ZeekLogKind Kind => ZeekLogKind.ModbusDetailed;

    /// <summary><c>tid</c>: the Modbus/TCP transaction id.</summary>
    public int? Tid { get; init; }

    /// <summary><c>unit</c>: the unit identifier of the MBAP header.</summary>
    public int? Unit { get; init; }

    /// <summary><c>func</c> as written (ICSNPP uses Zeek's <c>Modbus::function_codes</c> names).</summary>
    public string? Func { get; init; }

    /// <summary><see cref="Func"/> as a function code and ZtFleet operation; null when absent or not a known name.</summary>
    public ZeekModbusFunction? Function { get; init; }

    /// <summary><c>address</c>: the starting address of the coils or registers read or written.</summary>
    public long? Address { get; init; }

    /// <summary><c>quantity</c>: how many coils or registers were read or written.</summary>
    public long? Quantity { get; init; }

    /// <summary><c>request_values</c> (current schema): the values a request wrote.</summary>
    public IReadOnlyList<long>? RequestValues { get; init; }

    /// <summary><c>response_values</c> (current schema): the values a response returned.</summary>
    public IReadOnlyList<long>? ResponseValues { get; init; }

    /// <summary><c>modbus_detailed_link_id</c>: links to the mask-write and read/write-multiple logs.</summary>
    public string? LinkId { get; init; }

    /// <summary><c>matched</c>: the line joins a request with its response.</summary>
    public bool? Matched { get; init; }

    /// <summary><c>request_subfunction_code</c>: the diagnostics (FC 8) sub-function in the request.</summary>
    public string? RequestSubfunctionCode { get; init; }

    /// <summary><c>response_subfunction_code</c>: the diagnostics (FC 8) sub-function in the response.</summary>
    public string? ResponseSubfunctionCode { get; init; }

    /// <summary><c>request_data</c>: additional data or padding in the request.</summary>
    public string? RequestData { get; init; }

    /// <summary><c>response_data</c>: additional data or padding in the response.</summary>
    public string? ResponseData { get; init; }

    /// <summary><c>exception_code</c>: the exception's name (<c>ILLEGAL_DATA_ADDRESS</c>).</summary>
    public string? ExceptionCode { get; init; }

    /// <summary><c>mei_type</c>: the MEI type of an encapsulated interface transport (FC 43).</summary>
    public string? MeiType { get; init; }

    /// <summary><c>is_orig</c> (older schema): the message came from the connection's originator.</summary>
    public bool? IsOrig { get; init; }

    /// <summary><c>source_h</c> (older schema): the sender of this message.</summary>
    public IPAddress? SourceHost { get; init; }

    /// <summary><c>source_p</c> (older schema).</summary>
    public int? SourcePort { get; init; }

    /// <summary><c>destination_h</c> (older schema): the receiver of this message.</summary>
    public IPAddress? DestinationHost { get; init; }

    /// <summary><c>destination_p</c> (older schema).</summary>
    public int? DestinationPort { get; init; }

    /// <summary><c>request_response</c> (older schema): <c>REQUEST</c> or <c>RESPONSE</c>.</summary>
    public string? RequestResponse { get; init; }

    /// <summary><c>values</c> (older schema): the coils (<c>T,F,…</c>) or registers read or written, as written.</summary>
    public string? Values { get; init; }
}
