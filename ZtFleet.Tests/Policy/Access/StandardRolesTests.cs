using System.Runtime.CompilerServices;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Access;

public sealed class StandardRolesTests
{
    [Fact]
    public void Standard_roles_are_valid_sorted_and_unique()
    {
        var document = new FleetDocument("roles", [], [], StandardRoles.All);

        Assert.Empty(FleetDocumentValidator.Validate(document));
        Assert.Equal(StandardRoles.All.Select(r => r.Id).Order(StringComparer.Ordinal), StandardRoles.All.Select(r => r.Id));
        Assert.All(StandardRoles.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
    }

    [Fact]
    public void Dangerous_operations_of_people_need_fresh_mfa()
    {
        var services = new HashSet<string>(StringComparer.Ordinal) { "backup-operator", "erp-integration", "historian-collector", "mes-reader" };
        foreach (var role in StandardRoles.All.Where(r => !services.Contains(r.Id)))
        {
            Assert.All(
                role.Permissions.Where(p => p.Operations.Any(o => o.IsDangerous())),
                p => Assert.True(p.Conditions.MfaMaxAgeMinutes is > 0, $"{role.Id} grants {string.Join(", ", p.Operations)} without MFA"));
        }
    }

    [Fact]
    public void The_demo_fleet_defines_the_standard_roles_and_validates()
    {
        var demo = FleetSamples.Read(File.ReadAllText(DemoPath()));

        Assert.Equal(FleetSamples.Fingerprint(StandardRoles.All), FleetSamples.Fingerprint(demo.DefinedRoles));
        Assert.All(demo.Plants, p => Assert.NotEmpty(p.DefinedMaintenanceWindows));
    }

    [Fact]
    public void Every_demo_identity_can_do_something_at_each_of_its_plants()
    {
        var demo = FleetSamples.Read(File.ReadAllText(DemoPath()));
        foreach (var plant in demo.Plants)
        {
            var snapshot = PlantSnapshot.FromDocument(demo, plant.Id, 1);
            foreach (var identity in snapshot.Identities)
            {
                // Some instant of a week, some asset: every role is useful somewhere (fresh MFA, full trust).
                var fresh = identity with { Mfa = new MfaState(default, "totp") };
                var week = Enumerable.Range(0, 7 * 24).Select(h => new DateTimeOffset(2026, 3, 9, 0, 30, 0, TimeSpan.Zero).AddHours(h));
                var allowed = week.Any(at =>
                {
                    var view = snapshot.Apply(new IdentityChanged(2, at, fresh with { Mfa = new MfaState(at, "totp") }, IdentityChangeReasons.Mfa));
                    return plant.Assets.Any(a => Enum.GetValues<Operation>().Any(o =>
                        Engine.Decide(new AccessRequest(identity.Id, a.Id, null, o), view, at).IsAllowed));
                });
                Assert.True(allowed, $"{identity.Id} can do nothing at {plant.Id}");
            }
        }
    }

    private static string DemoPath([CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source), AppContext.BaseDirectory })
        {
            for (var directory = start; !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
            {
                var candidate = Path.Combine(directory, "demo", "fleet.yaml");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"demo/fleet.yaml not found above {source} or {AppContext.BaseDirectory}");
    }
}
