using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>
/// An enforcement point (or sensor) of the plant as the fleet observes it: the zones its enrolment allows, whether it
/// only senses, whether its credential was revoked, the last plant epoch it acknowledged and when, its last heartbeat,
/// whether it reported the hash of the ruleset it applied, and whether it has sent telemetry to the plant.
/// </summary>
public sealed record ObservedEnforcementPoint(
    EnforcementPointId Id,
    IReadOnlyList<ZoneId> Zones,
    bool Sensor,
    bool Revoked,
    long AcknowledgedEpoch,
    DateTimeOffset? LastAcknowledgedAt,
    DateTimeOffset? LastHeartbeatAt,
    bool ReportsRuleset,
    bool SendsTelemetry)
{
    /// <summary>True when it can enforce: enrolled, not revoked, and not a sensor.</summary>
    public bool Enforces => !Sensor && !Revoked;

    /// <summary>Its last sign of life (acknowledgement or heartbeat), or null.</summary>
    public DateTimeOffset? LastSeen =>
        LastAcknowledgedAt is { } ack && LastHeartbeatAt is { } beat ? (ack > beat ? ack : beat) : LastAcknowledgedAt ?? LastHeartbeatAt;
}
