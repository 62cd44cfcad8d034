namespace ZtFleet.Policy.Access;

/// <summary>
/// The identity's most recent verified multi-factor authentication.
/// </summary>
/// <param name="AuthTime">When the user authenticated (OIDC <c>auth_time</c>, or when the TOTP code was accepted).</param>
/// <param name="Method">How: <c>oidc:&lt;amr values joined by +&gt;</c> (for example <c>oidc:pwd+otp</c>) or <c>totp</c>.</param>
public sealed record MfaState(DateTimeOffset AuthTime, string Method);
