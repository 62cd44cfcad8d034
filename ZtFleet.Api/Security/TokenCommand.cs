using System.CommandLine;
using Microsoft.Extensions.Options;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Api.Security;

/// <summary>
/// <c>ZtFleet.Api token --role fleet-admin</c>: prints a bearer token signed with the configured key, for local
/// runs and scripts. Production deployments take tokens from their own issuer with the same claims.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args, IConfiguration configuration)
    {
        var role = new Option<string>("--role") { Description = "fleet-admin, plant-admin or auditor", DefaultValueFactory = _ => RoleNames.FleetAdmin };
        var plants = new Option<string[]>("--plant") { Description = "plant id in scope (repeat for several; plant-admin)", AllowMultipleArgumentsPerToken = true };
        var subject = new Option<string>("--subject") { Description = "who the token is for", DefaultValueFactory = _ => Environment.UserName };
        var hours = new Option<double>("--hours") { Description = "lifetime in hours", DefaultValueFactory = _ => 8 };
        var command = new RootCommand("Prints a ZtFleet admin bearer token.") { role, plants, subject, hours };
        command.SetAction(parsed =>
        {
            if (!RoleNames.TryParse(parsed.GetValue(role), out var parsedRole))
            {
                Console.Error.WriteLine($"Unknown role '{parsed.GetValue(role)}': use fleet-admin, plant-admin or auditor.");
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
            if (auth.SigningKey.Length < 32)
            {
                Console.Error.WriteLine($"No signing key: set {AuthOptions.Section}:SigningKey (at least 32 characters).");
                return 2;
            }

            var service = new TokenService(Options.Create(auth), ZtFleet.Grains.Hosting.ControlPlaneClock.Machine);
            Console.WriteLine(service.Issue(parsed.GetValue(subject) ?? "admin", parsedRole, plantIds, TimeSpan.FromHours(parsed.GetValue(hours))));
            return 0;
        });
        return command.Parse(args).Invoke();
    }
}
