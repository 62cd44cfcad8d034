using ZtFleet.Policy.Mfa;

namespace ZtFleet.Api.Access.Mfa;

/// <summary>
/// The outcome of checking an MFA assertion. <see cref="Verified"/> is true only for a genuine, current token from a
/// trusted issuer that names a ZtFleet identity, carries <c>auth_time</c> and shows a second factor. A token that
/// authenticates but shows a single factor still reports who and when, with <see cref="Failure"/> <c>no-mfa</c>.
/// </summary>
/// <param name="Verified">True when the assertion counts as MFA.</param>
/// <param name="IdentityId">The ZtFleet identity the token names; null unless the signature verified.</param>
/// <param name="AuthTime">When the user authenticated at the IdP (<c>auth_time</c>).</param>
/// <param name="Method">How: <c>oidc</c> followed by the <c>amr</c> values, e.g. <c>oidc:pwd+otp</c>.</param>
/// <param name="Amr">The <c>amr</c> values, in token order.</param>
/// <param name="Acr">The <c>acr</c> value, if any.</param>
/// <param name="Failure">A short reason from <see cref="MfaFailures"/> when not verified; never exception text.</param>
public sealed record MfaVerification(
    bool Verified,
    string? IdentityId,
    DateTimeOffset? AuthTime,
    string Method,
    IReadOnlyList<string> Amr,
    string? Acr,
    string? Failure)
{
    /// <summary>A refusal about which nothing trustworthy is known.</summary>
    public static MfaVerification Refused(string method, string failure) => new(false, null, null, method, [], null, failure);
}
