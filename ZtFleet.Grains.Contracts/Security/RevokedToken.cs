namespace ZtFleet.Grains.Security;

/// <summary>A revoked bearer token, by its id (<c>jti</c>).</summary>
/// <param name="TokenId">The token's <c>jti</c>.</param>
/// <param name="KeptUntil">When the entry is dropped: no token with this id can be valid any more by then.</param>
/// <param name="RevokedAt">When it was revoked.</param>
/// <param name="RevokedBy">Who revoked it (the caller, as audited).</param>
/// <param name="Reason">Why, as the revoker said.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.RevokedToken")]
public sealed record RevokedToken(
    [property: Id(0)] string TokenId,
    [property: Id(1)] DateTimeOffset KeptUntil,
    [property: Id(2)] DateTimeOffset RevokedAt,
    [property: Id(3)] string RevokedBy,
    [property: Id(4)] string Reason);
