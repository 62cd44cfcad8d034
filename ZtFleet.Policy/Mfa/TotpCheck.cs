namespace ZtFleet.Policy.Mfa;

/// <summary>
/// The outcome of checking a TOTP code. On success the caller stores <see cref="MatchedStep"/> as the identity's
/// last used step and passes it to the next check; that is what makes a code single-use.
/// </summary>
/// <param name="Verified">True when the code is right and newer than the last one used.</param>
/// <param name="MatchedStep">The RFC 6238 time step the code matched (also set when it was <c>replayed</c>).</param>
/// <param name="Failure">A short reason from <see cref="MfaFailures"/>: <c>malformed</c>, <c>wrong-code</c> or <c>replayed</c>.</param>
public sealed record TotpCheck(bool Verified, long? MatchedStep, string? Failure);
