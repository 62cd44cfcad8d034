using Microsoft.IdentityModel.Tokens;

namespace ZtFleet.Api.Access.Mfa;

/// <summary>Reads an issuer's signing keys from its inline JWKS or JWKS file; only RSA and EC public keys are kept.</summary>
internal static class JwksLoader
{
    /// <summary>The issuer's signing keys, or a problem that says why there are none usable.</summary>
    public static (IReadOnlyList<SecurityKey> Keys, string? Problem) Load(OidcIssuerOptions issuer)
    {
        var hasJson = !string.IsNullOrWhiteSpace(issuer.JwksJson);
        var hasPath = !string.IsNullOrWhiteSpace(issuer.JwksPath);
        if (hasJson == hasPath)
        {
            return ([], "needs exactly one of JwksJson and JwksPath");
        }

        string json;
        if (hasPath)
        {
            try
            {
                json = File.ReadAllText(issuer.JwksPath!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return ([], $"cannot read JwksPath '{issuer.JwksPath}': {ex.Message}");
            }
        }
        else
        {
            json = issuer.JwksJson!;
        }

        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (ArgumentException)
        {
            return ([], "the JWKS is not a valid JSON Web Key Set");
        }

        foreach (var key in set.Keys)
        {
            if (key.Kty is not (JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve))
            {
                return ([], $"key '{key.Kid}' has type '{key.Kty}'; only RSA and EC signing keys are accepted");
            }

            if (key.HasPrivateKey)
            {
                // A private key in configuration means someone copied the wrong file: refuse rather than spread it.
                return ([], $"key '{key.Kid}' contains private key material; configure the public keys only");
            }
        }

        var keys = set.GetSigningKeys();
        return keys.Count == 0 ? ([], "the JWKS holds no usable signing key") : (keys.ToArray(), null);
    }
}
