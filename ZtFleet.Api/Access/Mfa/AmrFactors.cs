using System.Collections.Frozen;

namespace ZtFleet.Api.Access.Mfa;

/// <summary>
/// The one place that decides whether an <c>amr</c> claim (RFC 8176 values) shows more than one factor. A value
/// that proves possession or inherence, or states MFA outright, counts; <c>pin</c> counts only beside another
/// method, because a PIN alone is a single knowledge factor. Values are compared as registered (lower case).
/// </summary>
public static class AmrFactors
{
    /// <summary>Values that on their own show a second factor.</summary>
    public static FrozenSet<string> SecondFactorValues { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        "mfa",  // multiple-factor authentication, asserted by the IdP
        "mca",  // multiple-channel authentication
        "otp",  // one-time password (TOTP/HOTP device or app)
        "hwk",  // proof of possession of a hardware-secured key (FIDO2, smart card)
        "swk",  // proof of possession of a software-secured key
        "sms",  // confirmation by text message
        "fpt",  // fingerprint
        "face"); // facial recognition

    /// <summary>Counts as a second factor only when <c>amr</c> holds another method too.</summary>
    public const string Pin = "pin";

    /// <summary>True when <paramref name="amr"/> shows multi-factor authentication.</summary>
    public static bool IsMultiFactor(IReadOnlyCollection<string> amr)
    {
        var pin = false;
        var others = 0;
        foreach (var value in amr)
        {
            if (SecondFactorValues.Contains(value))
            {
                return true;
            }

            if (value == Pin)
            {
                pin = true;
            }
            else
            {
                others++;
            }
        }

        return pin && others > 0;
    }
}
