namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>The kinds of <see cref="TelemetryEvent"/>. <see cref="Unspecified"/> is never a valid event.</summary>
public enum TelemetryKind
{
    Unspecified = 0,

    /// <summary>A network connection: 5-tuple, volume, allowed or dropped (<see cref="FlowEvent"/>).</summary>
    Flow = 1,

    /// <summary>One OT protocol operation: a Modbus request, an S7 job, an OPC UA service call (<see cref="OtTransactionEvent"/>).</summary>
    OtTransaction = 2,

    /// <summary>An authentication attempt (<see cref="AuthenticationEvent"/>).</summary>
    Authentication = 3,

    /// <summary>An access decision an enforcement point enforced (<see cref="AccessDecisionEvent"/>).</summary>
    AccessDecision = 4,

    /// <summary>A change of an asset: firmware, program, controller mode, a new MAC or IP (<see cref="AssetChangeEvent"/>).</summary>
    AssetChange = 5,
}
