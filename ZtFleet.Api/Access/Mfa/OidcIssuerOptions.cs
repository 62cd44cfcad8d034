namespace ZtFleet.Api.Access.Mfa;

/// <summary>One trusted identity provider: the issuer, the audiences it mints for ZtFleet and its signing keys.</summary>
public sealed class OidcIssuerOptions
{
    /// <summary>The exact <c>iss</c> value of its tokens (compared ordinally; a trailing slash matters).</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>Accepted <c>aud</c> values (the client ids registered for ZtFleet). At least one.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>The issuer's public signing keys as an inline JWKS document. Exactly one of this and <see cref="JwksPath"/>.</summary>
    public string? JwksJson { get; set; }

    /// <summary>Path to a JWKS file, read once at start. Exactly one of this and <see cref="JwksJson"/>.</summary>
    public string? JwksPath { get; set; }

    /// <summary>Tolerance, in seconds, for <c>exp</c>, <c>nbf</c> and a future <c>auth_time</c> (0–300).</summary>
    public int ClockSkewSeconds { get; set; } = 60;

    /// <summary>The claim whose value is the ZtFleet identity id (e.g. <c>preferred_username</c>).</summary>
    public string IdentityClaim { get; set; } = "sub";

    /// <summary>
    /// <c>acr</c> values this issuer uses to assert multi-factor authentication when its <c>amr</c> does not show it
    /// (e.g. a Keycloak level of authentication). Empty by default: only <c>amr</c> counts.
    /// </summary>
    public List<string> MfaAcrValues { get; set; } = [];
}
