using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.EnforcementPoints;

/// <summary>
/// An enforcement point as the fleet knows it: scope, how far it has applied its plant's deltas, and the SHA-256 of the
/// ruleset it last reported as applied.
/// </summary>
[GenerateSerializer, Immutable, Alias("ztfleet.EnforcementPointView")]
public sealed record EnforcementPointView(
    [property: Id(0)] EnforcementPointId Id,
    [property: Id(1)] EnforcementPointRegistration Registration,
    [property: Id(2)] DateTimeOffset EnrolledAt,
    [property: Id(3)] long AcknowledgedEpoch,
    [property: Id(4)] DateTimeOffset? LastAcknowledgedAt,
    [property: Id(5)] DateTimeOffset? LastHeartbeatAt,
    [property: Id(6)] bool Revoked,
    [property: Id(7)] string? RulesetSha256 = null);
