using System.Security.Cryptography;
using OtpNet;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Mfa;

namespace ZtFleet.Api.Access.Mfa;

/// <summary>
/// A new TOTP secret for an identity and the <c>otpauth://</c> URI an authenticator app imports (usually as a QR
/// code). The secret is shown once at enrollment and then kept only by the store that checks codes.
/// </summary>
public sealed class TotpEnrollment
{
    /// <summary>Secret length in bytes: 160 bits, the HMAC-SHA-1 block RFC 4226 recommends.</summary>
    public const int SecretLength = 20;

    /// <summary>The issuer label shown in authenticator apps.</summary>
    public const string IssuerLabel = "ZtFleet";

    private TotpEnrollment(string identityId, byte[] secret)
    {
        IdentityId = identityId;
        Secret = secret;
        Base32Secret = Base32Encoding.ToString(secret);
        ProvisioningUri = $"otpauth://totp/{IssuerLabel}:{Uri.EscapeDataString(identityId)}?secret={Base32Secret}&issuer={IssuerLabel}";
    }

    /// <summary>The identity the secret belongs to.</summary>
    public string IdentityId { get; }

    /// <summary>The raw secret, kept by the identity grain (which checks codes with <see cref="TotpVerifier.Verify"/>).</summary>
    public byte[] Secret { get; }

    /// <summary>The secret in Base32, for manual entry in an authenticator app.</summary>
    public string Base32Secret { get; }

    /// <summary><c>otpauth://totp/ZtFleet:{identity}?secret=…&amp;issuer=ZtFleet</c>.</summary>
    public string ProvisioningUri { get; }

    /// <summary>Generates a fresh random secret for <paramref name="identityId"/>, a valid ZtFleet identity id.</summary>
    public static TotpEnrollment Create(string identityId)
    {
        if (!Policy.Identifiers.IdentityId.TryParse(identityId, out var id))
        {
            throw new ArgumentException($"identity id {EntityId.Describe(identityId)}", nameof(identityId));
        }

        return new TotpEnrollment(id.Value, RandomNumberGenerator.GetBytes(SecretLength));
    }

    /// <summary>Never prints the secret, so an enrollment that reaches a log leaks nothing.</summary>
    public override string ToString() => $"TotpEnrollment {{ IdentityId = {IdentityId} }}";
}
