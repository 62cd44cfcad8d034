using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ZtFleet.Policy.Identifiers;

using ZtFleet.Grains.Hosting;

namespace ZtFleet.Api.Security;

/// <summary>Issues and checks the signed bearer tokens of administrative callers and enforcement points.</summary>
/// <remarks>
/// <para>Every token issued here has an id (<c>jti</c>); an administrative token must have one, and must not live longer
/// than <see cref="AuthOptions.MaxAdminTokenLifetime"/>, so that a revoked one (<see cref="RevocationList"/>) is
/// remembered for as long as it could be used.
/// </para>
/// <para>A token whose issuer is not the API's own goes to the external OIDC issuer's validator when one is configured
/// (<see cref="OidcTokenValidator"/>, docs/oidc.md); its caller is remembered the same way.</para>
/// </remarks>
public sealed class TokenService(IOptions<AuthOptions> options, ControlPlaneClock time, OidcTokenValidator? oidc = null)
{
    private const string RoleClaim = "role";
    private const string PlantsClaim = "plants";
    private const string ZonesClaim = "zones";

    /// <summary>
    /// Checking a signature costs far more than a decision; enforcement points present the same credential on every
    /// call, so a valid token's caller is remembered until the token expires. Bounded: cleared when it grows too big.
    /// </summary>
    private const int CacheLimit = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Expires)> _validated = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SymmetricSecurityKey _key = new(SigningKey.Decode(options.Value.SigningKey));

    /// <summary>How far the clocks of an issuer and this process may disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Creates a token for <paramref name="subject"/> valid for <paramref name="lifetime"/>, with a new id.</summary>
    public string Issue(string subject, Role role, IEnumerable<PlantId> plants, TimeSpan lifetime) =>
        Issue(subject, role, plants, [], lifetime, tokenId: null);

    /// <summary>Creates a token bound to zones too (enforcement points and their enrollment tokens); a new id when <paramref name="tokenId"/> is null.</summary>
    public string Issue(string subject, Role role, IEnumerable<PlantId> plants, IEnumerable<ZoneId> zones, TimeSpan lifetime, string? tokenId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [RoleClaim] = RoleNames.Format(role),
            [PlantsClaim] = plants.Select(p => p.Value).ToArray(),
            [ZonesClaim] = zones.Select(z => z.Value).ToArray(),
            [JwtRegisteredClaimNames.Jti] = tokenId ?? Guid.NewGuid().ToString("N"),
        };

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject)]),
            Claims = claims,
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// The caller a token proves, or null with the reason when it proves nothing (a sentence part naming the defect,
    /// e.g. "it expired"). Throws <see cref="ZtFleet.Grains.Refusals.TemporarilyUnavailableException"/> when the
    /// token is the external issuer's and its keys cannot be had.
    /// </summary>
    public async Task<(Caller? Caller, string? Problem)> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (_validated.TryGetValue(token, out var known))
        {
            if (known.Expires > time.GetUtcNow())
            {
                return (known.Caller, null);
            }

            _validated.TryRemove(token, out _);
        }

        var (caller, problem, expires) = await ValidateUncachedAsync(token, cancellationToken);
        if (caller is not null)
        {
            if (_validated.Count >= CacheLimit)
            {
                _validated.Clear();
            }

            _validated[token] = (caller, expires);
        }

        return (caller, problem);
    }

    private async Task<(Caller? Caller, string? Problem, DateTimeOffset Expires)> ValidateUncachedAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebToken parsed;
        try
        {
            parsed = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return (null, "it is not a well-formed JWT", default);
        }

        if (oidc is { Enabled: true } && !string.Equals(parsed.Issuer, options.Value.Issuer, StringComparison.Ordinal))
        {
            return await oidc.ValidateAsync(parsed, cancellationToken);
        }

        var result = await _handler.ValidateTokenAsync(parsed, new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidAudience = options.Value.Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + ClockSkew) && expires is { } e && e > now - ClockSkew;
            },
        });
        if (!result.IsValid)
        {
            return (null, TokenProblems.Describe(result.Exception, options.Value.Audience, parsed, time.GetUtcNow().UtcDateTime), default);
        }

        var subject = result.Claims.TryGetValue(JwtRegisteredClaimNames.Sub, out var sub) ? sub as string : null;
        var roleValue = result.Claims.TryGetValue(RoleClaim, out var r) ? r as string : null;
        if (string.IsNullOrEmpty(subject) || !RoleNames.TryParse(roleValue, out var role))
        {
            return (null, "it lacks a subject or a known role", default);
        }

        if (!TryReadIds<PlantId>(result.Claims, PlantsClaim, out var plants) || !TryReadIds<ZoneId>(result.Claims, ZonesClaim, out var zones))
        {
            return (null, "it names an invalid plant or zone", default);
        }

        if (role is Role.EnforcementPoint or Role.Sensor or Role.Enrollment && (plants.Count != 1 || !EnforcementPointId.TryParse(subject, out _)))
        {
            return (null, "an enforcement point token must name one plant and a valid enforcement point id", default);
        }

        var tokenId = result.Claims.TryGetValue(JwtRegisteredClaimNames.Jti, out var jti) ? jti as string : null;
        if (role is not (Role.EnforcementPoint or Role.Sensor or Role.Enrollment) && AdministrativeProblem((JsonWebToken)result.SecurityToken, tokenId) is { } problem)
        {
            return (null, problem, default);
        }

        var expires = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero);
        return (new Caller(subject, role, plants) { Zones = zones, TokenId = tokenId, ExpiresAt = expires }, null, expires);
    }

    /// <summary>
    /// Why an administrative token may not be used although its signature, issuer, audience and times are right: it
    /// has no id to revoke it by, or it lives (or would still live) longer than <see cref="AuthOptions.MaxAdminTokenLifetime"/>.
    /// </summary>
    private string? AdministrativeProblem(JsonWebToken token, string? tokenId)
    {
        if (string.IsNullOrEmpty(tokenId))
        {
            return "an administrative token must have an id (jti)";
        }

        // The lifetime counts from the earlier of iat and nbf; a token with neither has no lifetime to check.
        var starts = new[] { token.IssuedAt, token.ValidFrom }.Where(t => t != DateTime.MinValue).ToList();
        if (starts.Count == 0)
        {
            return "an administrative token must have an issue time (iat) or a not-before time (nbf)";
        }

        var max = options.Value.MaxAdminTokenLifetime;
        var now = time.GetUtcNow().UtcDateTime;
        if (token.ValidTo - starts.Min() > max)
        {
            return $"an administrative token may live at most {max} (this one {token.ValidTo - starts.Min()})";
        }

        // Issued "in the future" it could outlive its entry in the deny list.
        if (token.ValidTo > now + max + ClockSkew)
        {
            return $"an administrative token must expire within {max} from now";
        }

        return null;
    }

    private static bool TryReadIds<TId>(IDictionary<string, object> claims, string claim, out HashSet<TId> ids)
        where TId : struct, IEntityId<TId>
    {
        ids = [];
        if (!claims.TryGetValue(claim, out var raw))
        {
            return true;
        }

        var values = raw switch
        {
            string single => [single],
            IEnumerable<object> many => many.Select(o => o?.ToString() ?? string.Empty),
            _ => [],
        };
        foreach (var value in values)
        {
            if (!TId.TryParse(value, out var id))
            {
                return false;
            }

            ids.Add(id);
        }

        return true;
    }
}
