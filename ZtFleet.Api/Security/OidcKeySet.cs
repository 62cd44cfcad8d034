using Microsoft.IdentityModel.Tokens;

namespace ZtFleet.Api.Security;

/// <summary>What <see cref="OidcSigningKeys"/> fetched: the issuer the discovery document names, its signing keys, and when (a runtime timestamp).</summary>
public sealed record OidcKeySet(string Issuer, IReadOnlyList<SecurityKey> Keys, long FetchedAt)
{
    /// <summary>True when a key of this set has the id <paramref name="keyId"/>.</summary>
    public bool Has(string keyId) => Keys.Any(key => string.Equals(key.KeyId, keyId, StringComparison.Ordinal));
}
