using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Demo;

/// <summary>
/// demo/fleet.yaml is the first thing a newcomer applies: it must stay valid and keep the shape the README promises
/// (three plants in three time zones, the full zone model in each, people on shifts, narrow conduits into safety).
/// </summary>
public sealed class DemoFleetTests
{
    private static readonly string DemoPath = Path.Combine(AppContext.BaseDirectory, "demo", "fleet.yaml");

    private static readonly HashSet<string> ReadOnlyOperations = new(StringComparer.Ordinal)
    {
        "read", "browse", "subscribe", "get-attribute", "read-property", "interrogation", "fc1", "fc2", "fc3", "fc4",
    };

    [Fact]
    public void Demo_fleet_reads_without_violations()
    {
        var result = FleetDocumentReader.Read(File.ReadAllText(DemoPath));

        Assert.Empty(result.Violations);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Demo_fleet_has_three_plants_in_three_time_zones_at_the_advertised_size()
    {
        var fleet = Demo();

        Assert.Equal(["Europe/Berlin", "America/Chicago", "Asia/Shanghai"], fleet.Plants.Select(p => p.TimeZone));
        Assert.True(fleet.Plants.Sum(p => p.Assets.Count) >= 150, "at least 150 assets");
        Assert.True(fleet.Identities.Count >= 40, "at least 40 identities");
        Assert.Equal([1, 2, 3, 4, 5], fleet.Plants.SelectMany(p => p.Assets).Select(a => a.Criticality).Distinct().Order());
        Assert.Contains(fleet.Plants.SelectMany(p => p.Assets), a => a.Vulnerabilities.Count > 0);
    }

    [Fact]
    public void Every_demo_plant_has_the_whole_zone_model()
    {
        foreach (var plant in Demo().Plants)
        {
            var kinds = plant.Zones.Select(z => z.Kind).ToList();
            Assert.Contains(plant.Zones, z => z is { Kind: ZoneKind.EnterpriseIt, PurdueLevel: PurdueLevel.Level4 });
            Assert.Contains(plant.Zones, z => z is { Kind: ZoneKind.Dmz, PurdueLevel: PurdueLevel.Level3_5 });
            Assert.Contains(plant.Zones, z => z is { Kind: ZoneKind.OtSupervisory, PurdueLevel: PurdueLevel.Level3 });
            Assert.True(kinds.Count(k => k == ZoneKind.OtControl) >= 2, $"{plant.Id}: at least two production cells");
            Assert.Contains(ZoneKind.Safety, kinds);
            Assert.Contains(plant.Assets, a => a.Type == AssetType.EngineeringWorkstation);
            Assert.Contains(plant.Assets, a => a is { Type: AssetType.SafetyController, SafetyRelated: true });
        }
    }

    [Fact]
    public void Demo_shifts_include_a_night_shift_over_midnight_and_weekend_shifts()
    {
        var plants = Demo().Plants;

        Assert.All(plants, p => Assert.Contains(p.Shifts, s => s.Id == "night" && s.End <= s.Start));
        Assert.Contains(plants, p => p.Shifts.Any(s => s.Days.Contains(DayOfWeek.Saturday)));
    }

    [Fact]
    public void Demo_identities_cover_every_kind_and_people_working_at_two_plants()
    {
        var identities = Demo().Identities;

        Assert.Equal(
            [IdentityKind.Employee, IdentityKind.Contractor, IdentityKind.VendorTechnician, IdentityKind.ServiceAccount],
            identities.Select(i => i.Kind).Distinct());
        Assert.Contains(identities, i => i.Assignments.Count >= 2);
        Assert.Contains(identities, i => i.Assignments.Any(a => a.Shift is not null));
    }

    [Fact]
    public void Demo_safety_zones_are_reached_only_read_only_from_named_assets()
    {
        foreach (var plant in Demo().Plants)
        {
            var safety = plant.Zones.Where(z => z.Kind == ZoneKind.Safety).Select(z => z.Id).ToHashSet();
            var into = plant.Conduits.Where(c => safety.Contains(c.To)).ToList();

            Assert.NotEmpty(into);
            Assert.All(into, c =>
            {
                Assert.NotEmpty(c.FromAssets);
                Assert.All(c.Operations, op => Assert.Contains(op, ReadOnlyOperations));
            });
        }
    }

    [Fact]
    public void Demo_cells_are_reached_by_mes_over_opc_ua_and_programmed_only_from_named_workstations()
    {
        foreach (var plant in Demo().Plants)
        {
            foreach (var cell in plant.Zones.Where(z => z.Kind == ZoneKind.OtControl))
            {
                var into = plant.Conduits.Where(c => c.To == cell.Id).ToList();
                Assert.Contains(into, c => c is { Protocol: Protocol.OpcUa, Port: 4840 } && c.FromAssetTypes.Contains(AssetType.Mes)
                    && c.Operations.All(ReadOnlyOperations.Contains));
                Assert.All(
                    into.Where(c => c.Operations.Any(op => op is "download" or "program-download" or "fc90")),
                    c => Assert.True(c.FromAssets.Count > 0 && c.FromAssetTypes.Count == 0, $"{plant.Id}/{c.Id}: program changes from named assets only"));
            }
        }
    }

    [Fact]
    public void Demo_fleet_survives_a_round_trip_through_the_writer()
    {
        var yaml = FleetDocumentWriter.ToYaml(Demo());

        var again = FleetDocumentReader.Read(yaml);

        Assert.Empty(again.Violations);
        Assert.Equal(yaml, FleetDocumentWriter.ToYaml(again.Document!));
    }

    [Fact]
    public void The_vendor_laptop_writes_the_smt_1_plc_only_with_a_grant_as_the_readme_shows()
    {
        var fleet = Demo();
        var shanghai = PlantId.Parse("shanghai");
        var snapshot = PlantSnapshot.FromDocument(fleet, shanghai, 1);
        var write = new FlowRequest(FlowEndpoint.OfAsset(AssetId.Parse("vendor-laptop-se")), FlowEndpoint.OfAsset(AssetId.Parse("plc-smt1")), Protocol.ModbusTcp, 502, "fc6");
        var now = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

        var denied = FlowEngine.Decide(write, FlowModel.Create(snapshot), now);
        Assert.Equal((false, FlowReasons.GrantRequired, "conduit:vendor-writes-smt-1"), (denied.IsAllowed, denied.Reason, denied.RuleId));

        var yang = IdentityAtPlant.From(fleet.Identities.Single(i => i.Id.Value == "v-yanghao"), shanghai)!;
        var grant = new Grant("g-1", yang.Id, shanghai, [Operation.Write], [], [AssetId.Parse("plc-smt1")], now.AddHours(-1), now.AddHours(1), "r-1");
        var granted = snapshot.Apply(new IdentityChanged(2, now, yang with { Grants = [grant] }, IdentityChangeReasons.GrantActivated));
        Assert.True(FlowEngine.Decide(write, FlowModel.Create(granted), now).IsAllowed);
    }

    private static FleetDocument Demo() =>
        FleetDocumentReader.Read(File.ReadAllText(DemoPath)).Document ?? throw new InvalidOperationException("demo/fleet.yaml did not parse");
}
