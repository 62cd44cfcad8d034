using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Policy.Export;

/// <summary>
/// The body of an <see cref="ExportKind.Flow"/> record: a network flow an enforcement point allowed or dropped, a sensor
/// observed, or ZtFleet decided (<c>CheckFlow</c>) (OCSF Network Activity 4001 with action and disposition).
/// </summary>
/// <param name="Source">The initiating end.</param>
/// <param name="Destination">The responding end.</param>
/// <param name="Action">Allowed, dropped or only observed.</param>
public sealed record FlowBody(ExportEndpoint Source, ExportEndpoint Destination, FlowAction Action)
{
    /// <summary><c>tcp</c>, <c>udp</c> or <c>icmp</c>, when known.</summary>
    public string? Transport { get; init; }

    /// <summary>The application protocol in the document's spelling (<c>modbus-tcp</c>), when known.</summary>
    public string? Protocol { get; init; }

    /// <summary>The OT operation in the protocol's vocabulary (<c>fc6</c>, <c>download</c>, <c>write</c>), when known.</summary>
    public string? Operation { get; init; }

    /// <summary>The Modbus function code (from <see cref="Operation"/> <c>fcN</c> of a Modbus flow), when one.</summary>
    public int? FunctionCode { get; init; }

    /// <summary>The rule that allowed or dropped it (<c>conduit:…</c>, <c>flow:…</c>, <c>quarantine:…</c>, <c>default-deny</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>Why, for a decided flow (<c>FlowReasons</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>The identity behind the flow, when known.</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>The destination's Purdue level, when the producer knows it.</summary>
    public PurdueLevel? Level { get; init; }

    /// <summary>The enforcement point or sensor that reported or asked about it.</summary>
    public string? Reporter { get; init; }

    /// <summary>Payload bytes in both directions, when reported.</summary>
    public long? Bytes { get; init; }

    /// <summary>Packets in both directions, when reported.</summary>
    public long? Packets { get; init; }

    /// <summary>When the connection ended, when it did.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>True for a decision asked of ZtFleet (<c>CheckFlow</c>), false for a flow seen on the wire.</summary>
    public bool Decided { get; init; }

    /// <summary>The telemetry event it comes from, when it comes from one.</summary>
    public string? EventId { get; init; }
}
