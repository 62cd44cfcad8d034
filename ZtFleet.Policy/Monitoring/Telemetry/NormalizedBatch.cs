namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>What <see cref="TelemetryNormalizer"/> made of a batch: the accepted events and what it refused.</summary>
/// <param name="Events">The accepted events, in the sender's order.</param>
/// <param name="Refused">How many events were refused.</param>
/// <param name="Refusals">The first <see cref="TelemetryLimits.MaxRefusalsListed"/> refusals.</param>
/// <param name="RefusedByReason">Refused events per reason (<see cref="TelemetryRefusalReasons"/>).</param>
/// <param name="Uninventoried">How many accepted events have an uninventoried host.</param>
public sealed record NormalizedBatch(
    IReadOnlyList<TelemetryEvent> Events,
    int Refused,
    IReadOnlyList<TelemetryRefusal> Refusals,
    IReadOnlyDictionary<string, int> RefusedByReason,
    int Uninventoried);
