namespace ZtFleet.Grains.Security;

/// <summary>
/// One addition to the deny list, as pushed to every API process on <see cref="RevocationStreams"/> and as answered
/// to the revoker. Exactly one of <see cref="Token"/> and <see cref="EnforcementPoint"/> is set.
/// </summary>
/// <param name="Version">The deny list's version after this addition (unchanged when it was already there).</param>
/// <param name="RevokedNow">False when it was already revoked (the entry then is the first revocation's).</param>
/// <param name="Token">A revoked token.</param>
/// <param name="EnforcementPoint">A revoked enforcement point.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.Revocation")]
public sealed record Revocation(
    [property: Id(0)] long Version,
    [property: Id(1)] bool RevokedNow,
    [property: Id(2)] RevokedToken? Token,
    [property: Id(3)] RevokedEnforcementPoint? EnforcementPoint);
