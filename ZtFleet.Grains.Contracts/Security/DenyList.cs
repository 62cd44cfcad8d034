namespace ZtFleet.Grains.Security;

/// <summary>Every revocation still in force, at one version of the deny list.</summary>
/// <param name="Version">Grows by one with every addition; a reader that missed one sees a gap.</param>
/// <param name="Tokens">Revoked token ids.</param>
/// <param name="EnforcementPoints">Revoked enforcement points.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.DenyList")]
public sealed record DenyList(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<RevokedToken> Tokens,
    [property: Id(2)] IReadOnlyList<RevokedEnforcementPoint> EnforcementPoints);
