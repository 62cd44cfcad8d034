using System.Text.Json.Serialization;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// One OT protocol operation from a client to a controller: a Modbus/TCP request (function code, unit, address,
/// quantity), an S7comm job or an OPC UA service call, named by the operation vocabulary of the fleet document
/// (<c>ProtocolOperations</c>: Modbus <c>fc6</c>, S7 <c>download</c>, OPC UA <c>write</c>).
/// </summary>
public sealed record OtTransactionEvent : TelemetryEvent
{
    /// <inheritdoc/>
    /// <remarks>Ignored here too: System.Text.Json does not inherit <c>[JsonIgnore]</c> from the abstract property.</remarks>
    [JsonIgnore]
    public override TelemetryKind Kind => TelemetryKind.OtTransaction;

    /// <summary>The client (master) that sent the request.</summary>
    public required ObservedHost Source { get; init; }

    /// <summary>The server (slave, controller) it was addressed to.</summary>
    public required ObservedHost Destination { get; init; }

    /// <summary>The protocol in the document's spelling: <c>modbus-tcp</c>, <c>s7comm</c>, <c>opc-ua</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary>The operation as the document names it: <c>fc3</c> for Modbus (always the code), <c>download</c> for S7.</summary>
    public required string Operation { get; init; }

    /// <summary>The Modbus function code (1–127), null for other protocols.</summary>
    public int? FunctionCode { get; init; }

    /// <summary>The Modbus unit identifier (0–255), null for other protocols.</summary>
    public int? Unit { get; init; }

    /// <summary>The first register or coil address (Modbus) or the data block/node, when reported.</summary>
    public long? Address { get; init; }

    /// <summary>How many registers or coils, when reported.</summary>
    public long? Quantity { get; init; }

    /// <summary>The exception code the server (or the proxy) answered with, or null for a normal response.</summary>
    public int? Exception { get; init; }

    /// <summary>What happened to it.</summary>
    public required OtOutcome Outcome { get; init; }

    /// <summary>The rule that decided it at a proxy (<c>conduit:…</c>, <c>flow:…</c>), or the reason it was refused.</summary>
    public string? Rule { get; init; }

    /// <summary>The identity behind the client, when the reporter knows it (a jump host session, an asset's <c>usedBy</c>).</summary>
    public IdentityId? Identity { get; init; }
}
