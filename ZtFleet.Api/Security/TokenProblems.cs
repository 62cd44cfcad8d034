using Microsoft.IdentityModel.Tokens;

namespace ZtFleet.Api.Security;

/// <summary>
/// Why a token failed validation, said so that its holder knows what to fix ("it expired", "its audience is not
/// ztfleet-api"): the end of the UNAUTHENTICATED message "The bearer token is not valid: …". It never quotes the token.
/// </summary>
public static class TokenProblems
{
    /// <summary>
    /// Describes a validation failure of IdentityModel for <paramref name="token"/> checked at <paramref name="now"/>
    /// (a custom lifetime check fails as "invalid lifetime": the token's times tell which it was).
    /// </summary>
    public static string Describe(Exception? failure, string audience, Microsoft.IdentityModel.JsonWebTokens.JsonWebToken token, DateTime now) => failure switch
    {
        SecurityTokenInvalidLifetimeException when token.ValidTo == DateTime.MinValue => "it has no expiry (exp)",
        SecurityTokenInvalidLifetimeException when token.ValidTo <= now - TokenService.ClockSkew => "it expired",
        SecurityTokenInvalidLifetimeException => "it is not valid yet",
        SecurityTokenExpiredException => "it expired",
        SecurityTokenNotYetValidException => "it is not valid yet",
        SecurityTokenNoExpirationException => "it has no expiry (exp)",
        SecurityTokenInvalidAudienceException => $"its audience is not {audience}",
        SecurityTokenInvalidIssuerException => "its issuer is not trusted",
        SecurityTokenInvalidAlgorithmException => "its signature algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException => "it is signed with an unknown key",
        SecurityTokenInvalidSignatureException => "its signature does not verify",
        SecurityTokenMalformedException or ArgumentException => "it is not a well-formed JWT",
        _ => "it could not be validated",
    };
}
