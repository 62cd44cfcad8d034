namespace ZtFleet.Cli.Configuration;

/// <summary>The tokens of an OAuth 2.0 device authorization grant (RFC 8628) and what refreshing them needs.</summary>
internal sealed class OidcSession
{
    /// <summary>The issuer (its discovery document names the token endpoint).</summary>
    public required string Issuer { get; set; }

    /// <summary>The public client the CLI is registered as at the issuer.</summary>
    public required string ClientId { get; set; }

    /// <summary>The token endpoint, from discovery.</summary>
    public required string TokenEndpoint { get; set; }

    /// <summary>The scopes asked for.</summary>
    public string Scope { get; set; } = "";

    /// <summary>The access token sent to the API as the bearer token.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The ID token, when the issuer returned one.</summary>
    public string? IdToken { get; set; }

    /// <summary>Send the ID token instead of the access token (for issuers whose access tokens are opaque).</summary>
    public bool UseIdToken { get; set; }

    /// <summary>The refresh token, when the issuer returned one.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>When the access token expires (from <c>expires_in</c>).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The bearer token to present.</summary>
    public string? Bearer => UseIdToken ? IdToken : AccessToken;
}
