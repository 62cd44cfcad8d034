using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Security;

/// <summary>
/// The fleet's deny list (one grain, key <c>fleet</c>): revoked token ids and revoked enforcement points, each kept
/// until no credential it denies can be valid any more. Persisted before anyone is told; every addition is then
/// pushed on <see cref="RevocationStreams"/>.
/// </summary>
[Alias("ztfleet.ITokenRevocationGrain")]
public interface ITokenRevocationGrain : IGrainWithStringKey
{
    /// <summary>The most entries the list holds; a further revocation is refused until some expire.</summary>
    const int MaxEntries = 100_000;

    /// <summary>Denies the token <paramref name="tokenId"/> until <paramref name="keepUntil"/>; again: nothing changes.</summary>
    Task<Revocation> RevokeTokenAsync(string tokenId, DateTimeOffset keepUntil, string revokedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>Denies every credential of <paramref name="point"/> until <paramref name="keepUntil"/>; again: nothing changes.</summary>
    Task<Revocation> RevokeEnforcementPointAsync(EnforcementPointId point, DateTimeOffset keepUntil, string revokedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>Every entry still in force.</summary>
    Task<DenyList> GetAsync(CancellationToken cancellationToken = default);
}
