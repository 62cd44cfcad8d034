using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Api.Security;

/// <summary>
/// Checks an access token of the external OIDC issuer (<see cref="OidcOptions"/>) and maps it to the same
/// <see cref="Caller"/> an administrative token of the API's own makes: subject, one administrative role, plants, and
/// the token id by which it is revoked. The mapping is docs/oidc.md's.
/// </summary>
/// <remarks>
/// Only asymmetric signatures under a key the issuer publishes count: a token signed with a shared secret (the API's
/// own HS256 key included) is refused. Like the API's own administrative tokens, a token must have an id (so it can
/// be revoked) and a bounded lifetime (<see cref="OidcOptions.MaxTokenLifetime"/>, at most a day: the deny list
/// keeps an id far longer).
/// </remarks>
public sealed class OidcTokenValidator(IOptions<OidcOptions> options, OidcSigningKeys keys, ControlPlaneClock time)
{
    /// <summary>The roles an external token may carry: people's roles, never an enforcement point's or a sensor's.</summary>
    public static readonly IReadOnlyList<string> AdministrativeRoles = [RoleNames.FleetAdmin, RoleNames.PlantAdmin, RoleNames.Approver, RoleNames.Auditor];

    /// <summary>The longest subject accepted (it names the caller in audit records and approvals).</summary>
    public const int MaxSubjectLength = 256;

    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>True when an external issuer is configured.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>True when <paramref name="role"/> is a role name an external token may carry.</summary>
    public static bool IsAdministrative(string role) => AdministrativeRoles.Contains(role, StringComparer.Ordinal);

    /// <summary>
    /// The caller <paramref name="token"/> proves, or null and why not (a sentence part a user can act on, e.g. "its
    /// audience is not ztfleet-api"). Throws <see cref="ZtFleet.Grains.Refusals.TemporarilyUnavailableException"/>
    /// when the issuer's keys cannot be had.
    /// </summary>
    public async Task<(Caller? Caller, string? Problem, DateTimeOffset Expires)> ValidateAsync(JsonWebToken token, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var set = await keys.GetAsync(cancellationToken);
        if (!string.IsNullOrEmpty(token.Kid) && !set.Has(token.Kid))
        {
            set = await keys.RefreshAfterUnknownKeyAsync(set, cancellationToken);
            if (!set.Has(token.Kid))
            {
                return Refused("it is signed with a key the OIDC issuer does not publish");
            }
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = set.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKeys = set.Keys,
            ValidAlgorithms = Algorithms,
            ClockSkew = TokenService.ClockSkew,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + TokenService.ClockSkew) && expires is { } e && e > now - TokenService.ClockSkew;
            },
        });
        if (!result.IsValid)
        {
            return Refused(TokenProblems.Describe(result.Exception, settings.Audience, token, time.GetUtcNow().UtcDateTime));
        }

        var claims = result.Claims;
        var subject = claims.TryGetValue(settings.SubjectClaim, out var s) ? s as string : null;
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > MaxSubjectLength || subject.Any(char.IsControl))
        {
            return Refused($"its claim '{settings.SubjectClaim}' (the caller's name) is missing or not a name of at most {MaxSubjectLength} characters");
        }

        var roles = Values(claims, settings.RoleClaim)
            .Select(value => settings.RoleValues.Count == 0 ? value : settings.RoleValues.GetValueOrDefault(value))
            .Where(name => name is not null && IsAdministrative(name))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (roles.Count != 1 || !RoleNames.TryParse(roles[0], out var role))
        {
            return Refused(roles.Count == 0
                ? $"its claim '{settings.RoleClaim}' grants no ZtFleet role"
                : $"its claim '{settings.RoleClaim}' grants more than one ZtFleet role ({string.Join(", ", roles)}): one is expected");
        }

        var plants = new HashSet<PlantId>();
        foreach (var value in Values(claims, settings.PlantsClaim))
        {
            if (!PlantId.TryParse(value, out var plant))
            {
                return Refused($"its claim '{settings.PlantsClaim}' names an invalid plant id");
            }

            plants.Add(plant);
        }

        var tokenId = claims.TryGetValue(settings.TokenIdClaim, out var j) ? j as string : null;
        if (string.IsNullOrEmpty(tokenId) || tokenId.Length > CredentialApiService.MaxTokenIdLength || !tokenId.All(c => c is > ' ' and <= '~'))
        {
            return Refused($"it has no id (claim '{settings.TokenIdClaim}') by which it could be revoked");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        var starts = new[] { jwt.IssuedAt, jwt.ValidFrom }.Where(t => t != DateTime.MinValue).ToList();
        if (starts.Count == 0)
        {
            return Refused("it has neither an issue time (iat) nor a not-before time (nbf)");
        }

        if (jwt.ValidTo - starts.Min() > settings.MaxTokenLifetime)
        {
            return Refused($"it lives longer than {settings.MaxTokenLifetime} (ZtFleet:Auth:Oidc:MaxTokenLifetime)");
        }

        if (jwt.ValidTo > time.GetUtcNow().UtcDateTime + settings.MaxTokenLifetime + TokenService.ClockSkew)
        {
            return Refused($"it expires more than {settings.MaxTokenLifetime} from now");
        }

        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        return (new Caller(subject, role, plants) { TokenId = tokenId, ExpiresAt = expires }, null, expires);
    }

    private static (Caller?, string?, DateTimeOffset) Refused(string problem) => (null, problem, default);

    /// <summary>A claim's values: a text, or each text of a list; absent = none.</summary>
    private static IEnumerable<string> Values(IDictionary<string, object> claims, string name) =>
        !claims.TryGetValue(name, out var raw) ? []
        : raw switch
        {
            string single => [single],
            IEnumerable<object> many => many.Select(o => o?.ToString() ?? string.Empty),
            _ => [raw.ToString() ?? string.Empty],
        };
}
