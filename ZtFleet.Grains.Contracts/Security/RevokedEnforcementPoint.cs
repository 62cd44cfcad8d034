namespace ZtFleet.Grains.Security;

/// <summary>A revoked enforcement point: every credential it holds is refused.</summary>
/// <param name="EnforcementPointId">The point's id (its credentials' subject).</param>
/// <param name="KeptUntil">When the entry is dropped: every credential issued to the point has expired by then.</param>
/// <param name="RevokedAt">When it was revoked.</param>
/// <param name="RevokedBy">Who revoked it.</param>
/// <param name="Reason">Why, as the revoker said.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.RevokedEnforcementPoint")]
public sealed record RevokedEnforcementPoint(
    [property: Id(0)] string EnforcementPointId,
    [property: Id(1)] DateTimeOffset KeptUntil,
    [property: Id(2)] DateTimeOffset RevokedAt,
    [property: Id(3)] string RevokedBy,
    [property: Id(4)] string Reason);
