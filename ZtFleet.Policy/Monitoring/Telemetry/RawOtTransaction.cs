namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>An OT operation as a sender reported it (the API's <c>OtTransaction</c>); <see cref="TelemetryNormalizer"/> checks and resolves it.</summary>
public readonly record struct RawOtTransaction(
    RawEndpoint Source,
    RawEndpoint Destination,
    string? Protocol,
    string? Operation,
    int FunctionCode,
    int? Unit,
    long? Address,
    long? Quantity,
    int? Exception,
    OtOutcome Outcome,
    string? Rule,
    string? IdentityId);
