using ZtFleet.Policy.Access;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>An enforced access decision as a sender reported it; <see cref="TelemetryNormalizer"/> checks and resolves it.</summary>
public readonly record struct RawAccessDecision(
    string? IdentityId,
    string? AssetId,
    string? ZoneId,
    Operation Operation,
    bool Allowed,
    string? Reason,
    bool Emergency,
    RawEndpoint Source);
