using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace ZtFleet.Policy.Mfa;

/// <summary>
/// Checks RFC 6238 codes (HMAC-SHA-1, 30-second steps, 6 digits: what every authenticator app does by default),
/// accepting one step of clock drift either way, and never the same or an older step twice for one identity.
/// </summary>
/// <remarks>
/// Replay state is a single number per identity, the last step accepted, passed in and handed back in
/// <see cref="TotpCheck.MatchedStep"/>. A code is accepted only for a step greater than it (RFC 6238 §5.2). The
/// caller must store the new step atomically with respect to other checks of the same identity (a grain does).
/// </remarks>
public static class TotpVerifier
{
    public const int Digits = 6;
    public const int StepSeconds = 30;

    /// <summary>Steps accepted before and after the current one, for clock drift and typing time.</summary>
    public const int DriftSteps = 1;

    /// <summary>The RFC 6238 time step that contains <paramref name="instant"/>.</summary>
    public static long StepAt(DateTimeOffset instant) => Math.DivRem(instant.ToUnixTimeSeconds(), StepSeconds, out var rem) - (rem < 0 ? 1 : 0);

    /// <summary>Checks <paramref name="code"/> for <paramref name="secret"/> at <paramref name="now"/>.</summary>
    /// <param name="secret">The shared secret bytes (not Base32).</param>
    /// <param name="code">The code as typed; exactly six ASCII digits.</param>
    /// <param name="lastUsedStep">The step of the identity's last accepted code, or null if none.</param>
    /// <param name="now">The current time.</param>
    public static TotpCheck Verify(byte[] secret, string? code, long? lastUsedStep, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length == 0)
        {
            throw new ArgumentException("A TOTP secret cannot be empty.", nameof(secret));
        }

        if (code is null || code.Length != Digits || !code.All(char.IsAsciiDigit))
        {
            return new TotpCheck(false, null, MfaFailures.Malformed);
        }

        var totp = new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits);
        var typed = Encoding.ASCII.GetBytes(code);
        var current = StepAt(now);
        long? matched = null;

        // Every step in the window is computed, and the newest match wins: if one code happened to match two steps,
        // accepting the older would leave the newer one open for a replay of the same digits.
        for (var step = current - DriftSteps; step <= current + DriftSteps; step++)
        {
            var expected = Encoding.ASCII.GetBytes(totp.ComputeTotp(StartOf(step)));
            if (CryptographicOperations.FixedTimeEquals(expected, typed))
            {
                matched = step;
            }
        }

        if (matched is not { } s)
        {
            return new TotpCheck(false, null, MfaFailures.WrongCode);
        }

        return lastUsedStep is { } last && s <= last
            ? new TotpCheck(false, s, MfaFailures.Replayed)
            : new TotpCheck(true, s, null);
    }

    private static DateTime StartOf(long step) => DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime;
}
