namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>A flow as a sender reported it (the API's <c>FlowObservation</c>); <see cref="TelemetryNormalizer"/> checks and resolves it.</summary>
public readonly record struct RawFlow(
    RawEndpoint Source,
    RawEndpoint Destination,
    string? Transport,
    string? Protocol,
    long Bytes,
    long Packets,
    DateTimeOffset? End,
    FlowAction Action,
    string? Rule);
