using System.Collections.Frozen;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Mfa;

namespace ZtFleet.Api.Access.Mfa;

/// <summary>
/// Checks an OpenID Connect ID token against the configured issuers (signature, issuer, audience, lifetime, all
/// judged by the injected clock) and reads the MFA facts from it: <c>amr</c>, <c>acr</c>, <c>auth_time</c> and the
/// identity claim.
/// </summary>
/// <remarks>
/// An ID token is a bearer assertion: anyone holding it can present it until it expires. ZtFleet therefore judges
/// freshness from <c>auth_time</c>, not from when the token was presented, and keeps ID token lifetimes short.
/// </remarks>
public sealed class OidcTokenVerifier
{
    /// <summary>Accepted signature algorithms: asymmetric only, so no <c>none</c> and no shared-secret HMAC.</summary>
    public static IReadOnlyList<string> AcceptedAlgorithms { get; } =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private const string MethodPrefix = "oidc";
    private const string AmrClaim = "amr";
    private const string AcrClaim = "acr";
    private const string AuthTimeClaim = "auth_time";

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly FrozenDictionary<string, TrustedIssuer> _issuers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public OidcTokenVerifier(IOptions<OidcOptions> options, TimeProvider time, ILogger<OidcTokenVerifier>? logger = null)
    {
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _issuers = options.Value.Issuers.ToFrozenDictionary(i => i.Issuer, Trust, StringComparer.Ordinal);
    }

    /// <summary>Verifies <paramref name="idToken"/> (a compact JWS) and reads its MFA facts.</summary>
    public async Task<MfaVerification> VerifyAsync(string idToken)
    {
        if (string.IsNullOrWhiteSpace(idToken) || !_handler.CanReadToken(idToken))
        {
            return MfaVerification.Refused(MethodPrefix, MfaFailures.Malformed);
        }

        // The issuer is read before the signature is checked only to pick that issuer's keys and rules; nothing
        // else from an unverified token is used.
        JsonWebToken unverified;
        try
        {
            unverified = _handler.ReadJsonWebToken(idToken);
        }
        catch (ArgumentException)
        {
            return MfaVerification.Refused(MethodPrefix, MfaFailures.Malformed);
        }

        if (unverified.IsEncrypted)
        {
            return MfaVerification.Refused(MethodPrefix, MfaFailures.Malformed);
        }

        if (!_issuers.TryGetValue(unverified.Issuer, out var issuer))
        {
            return MfaVerification.Refused(MethodPrefix, MfaFailures.UnknownIssuer);
        }

        var result = await _handler.ValidateTokenAsync(idToken, issuer.Parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            var failure = Classify(result.Exception);
            _logger.LogDebug(result.Exception, "ID token from {Issuer} refused: {Failure}", issuer.Options.Issuer, failure);
            return MfaVerification.Refused(MethodPrefix, failure);
        }

        return ReadMfaFacts(token, issuer);
    }

    private MfaVerification ReadMfaFacts(JsonWebToken token, TrustedIssuer issuer)
    {
        var claims = token.Claims.ToList();
        var amr = claims.Where(c => c.Type == AmrClaim).Select(c => c.Value).ToArray();
        var acr = claims.FirstOrDefault(c => c.Type == AcrClaim)?.Value;
        var method = amr.Length == 0 ? MethodPrefix : $"{MethodPrefix}:{string.Join('+', amr)}";

        var identityValues = claims.Where(c => c.Type == issuer.Options.IdentityClaim).Select(c => c.Value).ToArray();
        string? identity = null;
        string? failure = null;
        if (identityValues.Length != 1 || string.IsNullOrEmpty(identityValues[0]))
        {
            failure = MfaFailures.MissingIdentity;
        }
        else if (!IdentityId.TryParse(identityValues[0], out var id))
        {
            failure = MfaFailures.UnmappedIdentity;
        }
        else
        {
            identity = id.Value;
        }

        var authTimeClaim = claims.FirstOrDefault(c => c.Type == AuthTimeClaim);
        DateTimeOffset? authTime = null;
        if (authTimeClaim is null)
        {
            failure ??= MfaFailures.MissingAuthTime;
        }
        else if (!TryReadUnixSeconds(authTimeClaim.Value, out var at)
                 || at > _time.GetUtcNow() + issuer.Parameters.ClockSkew)
        {
            failure ??= MfaFailures.InvalidAuthTime;
        }
        else
        {
            authTime = at;
        }

        if (!AmrFactors.IsMultiFactor(amr) && (acr is null || !issuer.Options.MfaAcrValues.Contains(acr, StringComparer.Ordinal)))
        {
            failure ??= MfaFailures.NoMfa;
        }

        return new MfaVerification(failure is null, identity, authTime, method, amr, acr, failure);
    }

    private TrustedIssuer Trust(OidcIssuerOptions options)
    {
        var (keys, problem) = JwksLoader.Load(options);
        if (problem is not null)
        {
            // Options validation at start reports this first; reaching here means validation was bypassed.
            throw new InvalidOperationException($"OIDC issuer '{options.Issuer}': {problem}");
        }

        return new TrustedIssuer(options, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudiences = options.Audiences.ToArray(),
            IssuerSigningKeys = keys,
            ValidAlgorithms = AcceptedAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            RequireAudience = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
            // The library's own lifetime check reads the machine clock (its TimeProvider is internal); this one reads
            // the injected clock, so tests and the rest of ZtFleet share one notion of now.
            LifetimeValidator = ValidateLifetime,
            NameClaimType = options.IdentityClaim,
        });
    }

    /// <summary>
    /// The library's lifetime rules against the injected clock. It throws the library's own exceptions, rather than
    /// returning false, so that expired and not-yet-valid stay distinguishable.
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } nbf && nbf > expires)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's not-before is after its expiration.") { NotBefore = nbf, Expires = expires };
        }

        if (notBefore is { } start && start > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = start };
        }

        if (expires < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }

        return true;
    }

    private static string Classify(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => MfaFailures.Expired,
        SecurityTokenNotYetValidException => MfaFailures.NotYetValid,
        SecurityTokenNoExpirationException or SecurityTokenInvalidLifetimeException => MfaFailures.InvalidLifetime,
        SecurityTokenInvalidAudienceException => MfaFailures.WrongAudience,
        SecurityTokenInvalidIssuerException => MfaFailures.UnknownIssuer,
        SecurityTokenInvalidSignatureException or SecurityTokenInvalidAlgorithmException => MfaFailures.BadSignature,
        SecurityTokenMalformedException => MfaFailures.Malformed,
        _ => MfaFailures.InvalidToken,
    };

    private static bool TryReadUnixSeconds(string value, out DateTimeOffset instant)
    {
        instant = default;
        long seconds;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            seconds = whole;
        }
        else if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fractional)
                 && fractional < MaxUnixSeconds)
        {
            seconds = (long)Math.Floor(fractional);
        }
        else
        {
            return false;
        }

        if (seconds is <= 0 || seconds > MaxUnixSeconds)
        {
            return false;
        }

        instant = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private sealed record TrustedIssuer(OidcIssuerOptions Options, TokenValidationParameters Parameters);
}
