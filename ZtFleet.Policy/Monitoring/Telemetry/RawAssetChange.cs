namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>An asset change as a sender reported it; <see cref="TelemetryNormalizer"/> checks and resolves it.</summary>
public readonly record struct RawAssetChange(
    string? AssetId,
    string? Ip,
    AssetChangeKind Change,
    string? From,
    string? To,
    RawEndpoint By,
    string? IdentityId);
