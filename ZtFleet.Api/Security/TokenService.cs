using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Api.Security;

/// <summary>Issues and checks the signed bearer tokens of administrative callers.</summary>
public sealed class TokenService(IOptions<AuthOptions> options, TimeProvider time)
{
    private const string RoleClaim = "role";
    private const string PlantsClaim = "plants";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly SymmetricSecurityKey _key = new(Encoding.UTF8.GetBytes(options.Value.SigningKey));

    /// <summary>Creates a token for <paramref name="subject"/> valid for <paramref name="lifetime"/>.</summary>
    public string Issue(string subject, Role role, IEnumerable<PlantId> plants, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [RoleClaim] = RoleNames.Format(role),
            [PlantsClaim] = plants.Select(p => p.Value).ToArray(),
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

    /// <summary>The caller a token proves, or null (with the reason) when it proves nothing.</summary>
    public async Task<(Caller? Caller, string? Problem)> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidAudience = options.Value.Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now.AddSeconds(30)) && expires is { } e && e > now.AddSeconds(-30);
            },
        });
        if (!result.IsValid)
        {
            return (null, result.Exception?.GetType().Name ?? "invalid token");
        }

        var subject = result.Claims.TryGetValue(JwtRegisteredClaimNames.Sub, out var sub) ? sub as string : null;
        var roleValue = result.Claims.TryGetValue(RoleClaim, out var r) ? r as string : null;
        if (string.IsNullOrEmpty(subject) || !RoleNames.TryParse(roleValue, out var role))
        {
            return (null, "token lacks a subject or a known role");
        }

        var plants = new HashSet<PlantId>();
        if (result.Claims.TryGetValue(PlantsClaim, out var raw))
        {
            var values = raw switch
            {
                string single => [single],
                IEnumerable<object> many => many.Select(o => o?.ToString() ?? string.Empty),
                _ => [],
            };
            foreach (var value in values)
            {
                if (!PlantId.TryParse(value, out var plant))
                {
                    return (null, "token names an invalid plant");
                }

                plants.Add(plant);
            }
        }

        return (new Caller(subject, role, plants), null);
    }
}
