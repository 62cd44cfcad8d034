using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Security;

/// <summary>
/// Bearer tokens written by hand (header, claims, signature), so a test can send exactly the defect it means: another
/// algorithm, no signature, a lifetime or an audience the API must refuse.
/// </summary>
internal static class TestTokens
{
    /// <summary>The claims of a valid fleet admin token issued now for 10 minutes, with a new id.</summary>
    public static Dictionary<string, object> FleetAdmin(DateTimeOffset now, string? tokenId = null) => new()
    {
        ["sub"] = "token-tests",
        ["role"] = "fleet-admin",
        ["plants"] = Array.Empty<string>(),
        ["iss"] = "ztfleet",
        ["aud"] = "ztfleet-api",
        ["iat"] = now.ToUnixTimeSeconds(),
        ["nbf"] = now.ToUnixTimeSeconds(),
        ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
        ["jti"] = tokenId ?? Guid.NewGuid().ToString("N"),
    };

    /// <summary>Signs with HMAC (<c>HS256</c>, <c>HS384</c>, <c>HS512</c>) under <paramref name="key"/> (default: the test servers' key).</summary>
    public static string Hmac(Dictionary<string, object> claims, string algorithm = "HS256", string? key = null)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key ?? ApiServer.SigningKey);
        using HMAC hmac = algorithm switch
        {
            "HS256" => new HMACSHA256(keyBytes),
            "HS384" => new HMACSHA384(keyBytes),
            "HS512" => new HMACSHA512(keyBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        var unsigned = Unsigned(algorithm, claims);
        return $"{unsigned}.{Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes(unsigned)))}";
    }

    /// <summary>Signs with a fresh RSA key (<c>RS256</c>): a key the API never had.</summary>
    public static string Rsa(Dictionary<string, object> claims)
    {
        using var rsa = RSA.Create(2048);
        var unsigned = Unsigned("RS256", claims);
        return $"{unsigned}.{Base64UrlEncoder.Encode(rsa.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))}";
    }

    /// <summary>An unsecured token (<c>alg: none</c>, empty signature).</summary>
    public static string None(Dictionary<string, object> claims) => $"{Unsigned("none", claims)}.";

    public static CallOptions Bearer(string token) => new(new Metadata { { "authorization", $"Bearer {token}" } });

    private static string Unsigned(string algorithm, Dictionary<string, object> claims) =>
        $"{Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { alg = algorithm, typ = "JWT" }))}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims))}";
}
