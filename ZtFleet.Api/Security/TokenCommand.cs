using System.CommandLine;
using Microsoft.Extensions.Options;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Api.Security;

/// <summary>
/// <c>ZtFleet.Api token --role fleet-admin</c>: prints a bearer token signed with the configured key, for local
/// runs and scripts. Production deployments take tokens from their own issuer with the same claims (and a <c>jti</c>).
/// </summary>
/// <remarks>
/// The key must pass the API's own rule (<see cref="SigningKey.Problem"/>) in the same environment, and the lifetime
/// must not exceed <see cref="AuthOptions.MaxAdminTokenLifetime"/>: a token the API would refuse is not printed.
/// </remarks>
public static class TokenCommand
{
    public static int Run(string[] args, IConfiguration configuration, IHostEnvironment environment)
    {
        var role = new Option<string>("--role") { Description = "fleet-admin, plant-admin, approver or auditor", DefaultValueFactory = _ => RoleNames.FleetAdmin };
        var plants = new Option<string[]>("--plant") { Description = "plant id in scope (repeat for several; plant-admin)", AllowMultipleArgumentsPerToken = true };
        var subject = new Option<string>("--subject") { Description = "who the token is for", DefaultValueFactory = _ => Environment.UserName };
        var hours = new Option<double>("--hours") { Description = "lifetime in hours (at most ZtFleet:Auth:MaxAdminTokenLifetime, 1 by default)", DefaultValueFactory = _ => 1 };
        var command = new RootCommand("Prints a ZtFleet admin bearer token.") { role, plants, subject, hours };
        command.SetAction(parsed =>
        {
            if (!RoleNames.TryParse(parsed.GetValue(role), out var parsedRole) || parsedRole is Role.EnforcementPoint or Role.Sensor or Role.Enrollment)
            {
                Console.Error.WriteLine($"Unknown role '{parsed.GetValue(role)}': use fleet-admin, plant-admin, approver or auditor.");
                return 2;
            }

            var plantIds = new List<PlantId>();
            foreach (var value in parsed.GetValue(plants) ?? [])
            {
                if (!PlantId.TryParse(value, out var id))
                {
                    Console.Error.WriteLine($"Plant {EntityId.Describe(value)}.");
                    return 2;
                }

                plantIds.Add(id);
            }

            var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
            if (SigningKey.Problem(auth.SigningKey, environment.IsDevelopment()) is { } problem)
            {
                Console.Error.WriteLine($"{AuthOptions.Section}:SigningKey ({environment.EnvironmentName} environment): {problem}");
                return 2;
            }

            var lifetime = TimeSpan.FromHours(parsed.GetValue(hours));
            if (lifetime <= TimeSpan.Zero || lifetime > auth.MaxAdminTokenLifetime)
            {
                Console.Error.WriteLine($"--hours must be more than 0 and at most {auth.MaxAdminTokenLifetime.TotalHours:0.##} ({AuthOptions.Section}:MaxAdminTokenLifetime): the API refuses longer administrative tokens.");
                return 2;
            }

            var service = new TokenService(Options.Create(auth), ZtFleet.Grains.Hosting.ControlPlaneClock.Machine);
            Console.WriteLine(service.Issue(parsed.GetValue(subject) ?? "admin", parsedRole, plantIds, lifetime));
            return 0;
        });
        return command.Parse(args).Invoke();
    }
}
