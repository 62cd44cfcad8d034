namespace ZtFleet.Api.Access.Mfa;

/// <summary>
/// The OpenID Connect providers whose ID tokens ZtFleet accepts as MFA assertions, bound from
/// <c>ZtFleet:Mfa:Oidc</c>. Keys are configured by the operator; nothing is fetched from the network.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "ZtFleet:Mfa:Oidc";

    /// <summary>The trusted issuers. Empty means no ID token is accepted (every one is <c>unknown-issuer</c>).</summary>
    public List<OidcIssuerOptions> Issuers { get; set; } = [];
}
