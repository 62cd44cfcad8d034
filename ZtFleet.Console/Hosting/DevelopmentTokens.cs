using Microsoft.Extensions.Options;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Authorization;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.WebConsole.Hosting;

/// <summary>
/// Mints the development sign-in's tokens with the API's own <see cref="TokenService"/> and key rule
/// (<see cref="SigningKey.Problem"/>): the same tokens as <c>ZtFleet.Api token</c>. Registered only in the Development
/// environment.
/// </summary>
public sealed class DevelopmentTokens
{
    private readonly TokenService _tokens;
    private readonly TimeSpan _lifetime;

    /// <summary>Checks the key and the lifetime as the API's token command does; throws when either would be refused.</summary>
    public DevelopmentTokens(IOptions<AuthOptions> auth, IOptions<ConsoleOptions> options, IHostEnvironment environment, ControlPlaneClock time)
    {
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException($"The development sign-in is refused in the {environment.EnvironmentName} environment.");
        }

        if (SigningKey.Problem(auth.Value.SigningKey, isDevelopment: true) is { } problem)
        {
            throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey: {problem}");
        }

        _lifetime = options.Value.DevelopmentSignIn.TokenLifetime;
        if (_lifetime <= TimeSpan.Zero || _lifetime > auth.Value.MaxAdminTokenLifetime)
        {
            throw new InvalidOperationException(
                $"{ConsoleOptions.Section}:DevelopmentSignIn:TokenLifetime must be more than 0 and at most {AuthOptions.Section}:MaxAdminTokenLifetime ({auth.Value.MaxAdminTokenLifetime}).");
        }

        _tokens = new TokenService(auth, time);
        Time = time;
    }

    /// <summary>The clock tokens are minted by.</summary>
    public ControlPlaneClock Time { get; }

    /// <summary>How long a minted token (and so the sign-in) lasts.</summary>
    public TimeSpan Lifetime => _lifetime;

    /// <summary>
    /// A token for <paramref name="subject"/> with <paramref name="role"/> at <paramref name="plants"/>, or the reason
    /// none is minted (an unknown role, a point's role, an invalid plant id).
    /// </summary>
    public (string? Token, string? Problem) Mint(string subject, string role, IEnumerable<string> plants)
    {
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 200)
        {
            return (null, "Give a subject (at most 200 characters).");
        }

        if (!RoleNames.TryParse(role, out var parsed) || parsed is Role.EnforcementPoint or Role.Sensor or Role.Enrollment)
        {
            return (null, $"Unknown role '{role}': use fleet-admin, plant-admin, approver or auditor.");
        }

        var ids = new List<PlantId>();
        foreach (var plant in plants.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (!PlantId.TryParse(plant.Trim(), out var id))
            {
                return (null, $"Plant {EntityId.Describe(plant)}.");
            }

            ids.Add(id);
        }

        return (_tokens.Issue(subject.Trim(), parsed, ids, _lifetime), null);
    }
}
