using ZtFleet.Bench.Generation;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Bench.Decisions;

/// <summary>
/// A realistic plant to decide on: the synthetic generator's plant of 10,000 assets in 50 zones with 2,000 identities
/// (operators, supervisors, maintenance, engineers on early, late and night shifts; contractors, vendors, service
/// accounts), the standard roles, a Saturday maintenance window, MFA between 0 and 2 hours old, trust 40–100, and
/// temporary grants for a third of the contractors and vendors. Requests are drawn at random and sorted into the
/// path they take, so each path is measured over a thousand different identities, assets and rules.
/// </summary>
public sealed class DecisionWorkload
{
    /// <summary>Tuesday 10 March 2026, 10:00 in Berlin (plant-001's time zone): the early shift is on.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(1));

    private DecisionWorkload(PlantSnapshot snapshot, AccessRequest[] allow, AccessRequest[] deny, AccessRequest[] stepUp)
    {
        Snapshot = snapshot;
        Allow = allow;
        Deny = deny;
        StepUp = stepUp;
    }

    public PlantSnapshot Snapshot { get; }

    /// <summary>Requests that are allowed at <see cref="Now"/> (by role permissions and grants).</summary>
    public AccessRequest[] Allow { get; }

    /// <summary>Requests that are denied at <see cref="Now"/> for another reason than MFA.</summary>
    public AccessRequest[] Deny { get; }

    /// <summary>Requests that are denied with the step-up MFA obligation at <see cref="Now"/>.</summary>
    public AccessRequest[] StepUp { get; }

    /// <summary>Builds the plant and draws <paramref name="perPath"/> requests for each path.</summary>
    public static DecisionWorkload Create(int assets = 10_000, int zones = 50, int identities = 2_000, int perPath = 1_024, int seed = 42)
    {
        var fleet = SyntheticFleet.Generate(plants: 1, zonesPerPlant: zones, assetsPerPlant: assets, identities: identities, seed: seed);
        var plant = fleet.Plants[0] with
        {
            MaintenanceWindows = [new MaintenanceWindowSpec("saturday", "Saturday maintenance", new TimeOnly(6, 0), new TimeOnly(14, 0), [DayOfWeek.Saturday])],
        };
        var random = new Random(seed);
        var people = fleet.Identities
            .Select(i => IdentityAtPlant.From(i, plant.Id))
            .OfType<IdentityAtPlant>()
            .Select(i => Enrich(i, plant, random))
            .ToList();
        var snapshot = PlantSnapshot.Create(plant, StandardRoles.All, FleetPolicy.Default, people, epoch: 1);

        var allow = new List<AccessRequest>(perPath);
        var deny = new List<AccessRequest>(perPath);
        var stepUp = new List<AccessRequest>(perPath);
        Operation[] operations = [Operation.View, Operation.View, Operation.View, Operation.Operate, Operation.Write, Operation.Program, Operation.Configure, Operation.RemoteSession];
        for (var attempt = 0; attempt < 5_000_000 && (allow.Count < perPath || deny.Count < perPath || stepUp.Count < perPath); attempt++)
        {
            var identity = people[random.Next(people.Count)];
            var request = new AccessRequest(identity.Id, plant.Assets[random.Next(plant.Assets.Count)].Id, null, operations[random.Next(operations.Length)]);
            var decision = Engine.Decide(request, snapshot, Now);
            var bucket = decision.IsAllowed ? allow : decision.Obligations.HasFlag(Obligations.StepUpMfa) ? stepUp : deny;
            if (bucket.Count < perPath)
            {
                bucket.Add(request);
            }
        }

        if (allow.Count < perPath || deny.Count < perPath || stepUp.Count < perPath)
        {
            throw new InvalidOperationException($"could not draw {perPath} requests per path (allow {allow.Count}, deny {deny.Count}, step-up {stepUp.Count})");
        }

        return new DecisionWorkload(snapshot, [.. allow], [.. deny], [.. stepUp]);
    }

    private static IdentityAtPlant Enrich(IdentityAtPlant identity, PlantSpec plant, Random random)
    {
        var human = identity.Kind != IdentityKind.ServiceAccount;
        var mfa = human ? new MfaState(Now.AddMinutes(-random.Next(0, 120)), random.Next(3) == 0 ? "totp" : "oidc:pwd+otp") : null;
        var grants = new List<Grant>();
        if (identity.Kind is IdentityKind.Contractor or IdentityKind.VendorTechnician && random.Next(3) == 0)
        {
            for (var g = random.Next(1, 4); g > 0; g--)
            {
                var asset = plant.Assets[random.Next(plant.Assets.Count)];
                var from = Now.AddHours(random.Next(-6, 3));
                grants.Add(new Grant(
                    $"{identity.Id}-g{g}",
                    identity.Id,
                    plant.Id,
                    [Operation.RemoteSession, Operation.Write, Operation.Configure],
                    random.Next(4) == 0 ? [asset.Zone] : [],
                    [asset.Id],
                    from,
                    from.AddHours(random.Next(1, 9)),
                    $"req-{identity.Id}-{g}"));
            }
        }

        return identity with { Trust = random.Next(40, 101), Mfa = mfa, Grants = grants };
    }
}
