namespace ZtFleet.WebConsole.Hosting;

/// <summary>
/// Sign-in with an OpenID Connect provider (<c>ZtFleet:Console:Oidc</c>): the authorization code flow with PKCE. The
/// token the console then presents to the API (<see cref="ApiToken"/>) must be one the API accepts
/// (<c>ZtFleet:Auth:Oidc</c>, docs/oidc.md).
/// </summary>
public sealed class OidcSignInOptions
{
    /// <summary>The issuer (its discovery document is at <c>/.well-known/openid-configuration</c> under it).</summary>
    public string? Authority { get; set; }

    /// <summary>The console's client id at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The console's client secret (a confidential client), or none (a public client: PKCE alone).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes to ask for; <c>openid</c> is always asked.</summary>
    public List<string> Scopes { get; set; } = ["openid", "profile"];

    /// <summary>Which token of the provider's answer the console presents to the API: <c>access_token</c> (default) or <c>id_token</c>.</summary>
    public string ApiToken { get; set; } = "access_token";

    /// <summary>Whether the provider's metadata must come over https (turn off only for a provider on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>True when an authority and a client id are configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
