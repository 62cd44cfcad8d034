namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>An authentication attempt as a sender reported it; <see cref="TelemetryNormalizer"/> checks and resolves it.</summary>
public readonly record struct RawAuthentication(
    string? User,
    string? Method,
    bool Success,
    RawEndpoint Source,
    RawEndpoint Target,
    string? Reason);
