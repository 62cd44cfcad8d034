namespace ZtFleet.Policy.Mfa;

/// <summary>
/// The reasons an MFA assertion is refused. Short and safe to return to a caller or write to the audit: they never
/// carry exception text, key material or token content.
/// </summary>
public static class MfaFailures
{
    /// <summary>Not a JWT, or a TOTP code that is not exactly six digits.</summary>
    public const string Malformed = "malformed";

    /// <summary>The signature does not verify with any configured key, or the algorithm is not accepted.</summary>
    public const string BadSignature = "bad-signature";

    /// <summary>The token's <c>iss</c> is not a configured issuer.</summary>
    public const string UnknownIssuer = "unknown-issuer";

    /// <summary>No <c>aud</c> value is one configured for the issuer.</summary>
    public const string WrongAudience = "wrong-audience";

    /// <summary>Past <c>exp</c> (plus the clock skew).</summary>
    public const string Expired = "expired";

    /// <summary>Before <c>nbf</c> (minus the clock skew).</summary>
    public const string NotYetValid = "not-yet-valid";

    /// <summary>No <c>exp</c>, or an unreadable lifetime.</summary>
    public const string InvalidLifetime = "invalid-lifetime";

    /// <summary>No <c>auth_time</c>: how fresh the authentication is cannot be known.</summary>
    public const string MissingAuthTime = "missing-auth-time";

    /// <summary><c>auth_time</c> is not a number of seconds, or lies in the future beyond the clock skew.</summary>
    public const string InvalidAuthTime = "invalid-auth-time";

    /// <summary>The configured identity claim is absent or has several values.</summary>
    public const string MissingIdentity = "missing-identity";

    /// <summary>The identity claim's value is not a valid ZtFleet identity id.</summary>
    public const string UnmappedIdentity = "unmapped-identity";

    /// <summary>Authenticated, but <c>amr</c>/<c>acr</c> show a single factor (see the API's <c>AmrFactors</c>).</summary>
    public const string NoMfa = "no-mfa";

    /// <summary>Any other token validation failure.</summary>
    public const string InvalidToken = "invalid-token";

    /// <summary>The TOTP code matches no time step in the accepted window.</summary>
    public const string WrongCode = "wrong-code";

    /// <summary>The TOTP code matches a time step already used (or older than the last one used) by that identity.</summary>
    public const string Replayed = "replayed";
}
