using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ZtFleet.Api.Access.Mfa;

namespace ZtFleet.Tests.Api.Mfa;

/// <summary>A plant's identity provider in miniature: an RSA and an EC signing key, their JWKS, and a token mint.</summary>
internal sealed class TestIdentityProvider : IDisposable
{
    public const string Issuer = "https://idp.berlin.example/realms/plant";
    public const string Audience = "ztfleet";
    public const string RsaKid = "rsa-1";
    public const string EcKid = "ec-1";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public SigningCredentials Rsa => new(new RsaSecurityKey(_rsa) { KeyId = RsaKid }, SecurityAlgorithms.RsaSha256);

    public SigningCredentials Ec => new(new ECDsaSecurityKey(_ec) { KeyId = EcKid }, SecurityAlgorithms.EcdsaSha256);

    /// <summary>The public keys only, as the IdP publishes them at its jwks_uri.</summary>
    public string JwksJson
    {
        get
        {
            var rsa = _rsa.ExportParameters(includePrivateParameters: false);
            var ec = _ec.ExportParameters(includePrivateParameters: false);
            return JsonSerializer.Serialize(new
            {
                keys = new object[]
                {
                    new { kty = "RSA", use = "sig", alg = "RS256", kid = RsaKid, n = Base64UrlEncoder.Encode(rsa.Modulus), e = Base64UrlEncoder.Encode(rsa.Exponent) },
                    new { kty = "EC", use = "sig", alg = "ES256", kid = EcKid, crv = "P-256", x = Base64UrlEncoder.Encode(ec.Q.X), y = Base64UrlEncoder.Encode(ec.Q.Y) },
                },
            });
        }
    }

    public OidcIssuerOptions IssuerOptions(Action<OidcIssuerOptions>? configure = null)
    {
        var options = new OidcIssuerOptions { Issuer = Issuer, Audiences = [Audience], JwksJson = JwksJson };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The claims of a typical ID token after a password + OTP login two minutes before <paramref name="now"/>.</summary>
    public static Dictionary<string, object> Claims(DateTimeOffset now) => new()
    {
        ["sub"] = "vendor-tech",
        ["amr"] = new[] { "pwd", "otp" },
        ["acr"] = "1",
        ["auth_time"] = (now - TimeSpan.FromMinutes(2)).ToUnixTimeSeconds(),
    };

    /// <summary>Signs an ID token issued at <paramref name="now"/>, valid for <paramref name="lifetime"/> (5 minutes).</summary>
    public string Mint(
        IDictionary<string, object> claims,
        DateTimeOffset now,
        SigningCredentials? signWith = null,
        string issuer = Issuer,
        string audience = Audience,
        TimeSpan? lifetime = null,
        DateTimeOffset? notBefore = null) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = (notBefore ?? now).UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromMinutes(5))).UtcDateTime,
            Claims = claims,
            SigningCredentials = signWith ?? Rsa,
        });

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }
}
