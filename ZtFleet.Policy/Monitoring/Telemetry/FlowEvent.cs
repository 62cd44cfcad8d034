using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>A network connection (or a connection attempt that was dropped).</summary>
public sealed record FlowEvent : TelemetryEvent
{
    /// <inheritdoc/>
    /// <remarks>Ignored here too: System.Text.Json does not inherit <c>[JsonIgnore]</c> from the abstract property.</remarks>
    [JsonIgnore]
    public override TelemetryKind Kind => TelemetryKind.Flow;

    /// <summary>Who opened it.</summary>
    public required ObservedHost Source { get; init; }

    /// <summary>Who it went to.</summary>
    public required ObservedHost Destination { get; init; }

    /// <summary><c>tcp</c>, <c>udp</c> or <c>icmp</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>The application protocol in the document's spelling (<c>modbus-tcp</c>), or null when not known.</summary>
    public string? Protocol { get; init; }

    /// <summary>Payload bytes in both directions, when reported.</summary>
    public long? Bytes { get; init; }

    /// <summary>Packets in both directions, when reported.</summary>
    public long? Packets { get; init; }

    /// <summary>When the connection ended (null while open or for a single dropped packet).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>What happened to it.</summary>
    public required FlowAction Action { get; init; }

    /// <summary>The rule that allowed or dropped it (<c>conduit:…</c>, <c>flow:…</c>, <c>quarantine:…</c>, <c>default-deny</c>), when known.</summary>
    public string? Rule { get; init; }
}
