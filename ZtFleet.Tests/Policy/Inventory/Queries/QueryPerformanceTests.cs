using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory.Queries;

/// <summary>
/// Every query answers completely on a large plant (10,000 assets, 50 zones, 200 conduits, 2,000 flows). How
/// fast is measured by the benchmark (<c>bench/run</c>), not here: timed unit tests break on a noisy machine.
/// </summary>
public sealed class QueryPerformanceTests
{
    [Fact]
    public void Queries_on_a_plant_of_ten_thousand_assets_answer_completely()
    {
        var plant = LargePlant();
        var identities = Enumerable.Range(0, 500)
            .Select(i => new IdentitySpec(IdentityId.Parse($"user-{i}"), $"User {i}", (IdentityKind)(1 + (i % 4)), null, null, [new PlantAssignment(plant.Id, ["operator"], null)]))
            .ToList();
        var document = new FleetDocument("big", [plant], identities, [new RoleSpec("operator", null, [])]);

        var ranking = Answered("rank", () => CriticalityRanking.Rank(plant, identities));
        Assert.Equal(10_000, ranking.Count);
        Answered("blast radius", () => BlastRadius.Compute(plant, plant.Assets[0].Id));
        Answered("blast radius from the enterprise", () => BlastRadius.Compute(plant, plant.Assets[^1].Id));
        Assert.Empty(Answered("validate", () => FleetDocumentValidator.Validate(document)));
        Answered("filter", () => AssetQuery.Filter(plant, new AssetFilter(PurdueLevel: PurdueLevel.Level1, Text: "99")).ToList());
        Answered("mermaid", () => FlowMapRenderer.ToMermaid(plant));
        Answered("graphviz", () => FlowMapRenderer.ToGraphviz(plant));
        Answered("diff", () => FleetDiff.Compute(document, document with { Plants = [plant with { Name = "renamed" }] }, prune: true));
    }

    private static T Answered<T>(string what, Func<T> run)
    {
        var result = run();
        Assert.True(result is not null, $"{what} returned nothing");
        return result;
    }

    /// <summary>
    /// 50 zones from enterprise down to safety, 200 assets each, conduits mostly one Purdue step down (some
    /// narrowed, some bidirectional), flows inside zones (those inside safety zones list their operations).
    /// </summary>
    private static PlantSpec LargePlant()
    {
        var random = new Random(62443);
        var zones = Enumerable.Range(0, 50).Select(i => i switch
        {
            < 2 => FleetSamples.Zone($"it-{i}", ZoneKind.EnterpriseIt, PurdueLevel.Level4),
            < 5 => FleetSamples.Zone($"dmz-{i}", ZoneKind.Dmz, PurdueLevel.Level3_5),
            < 15 => FleetSamples.Zone($"ops-{i}", ZoneKind.OtSupervisory, PurdueLevel.Level3),
            < 45 => FleetSamples.Zone($"cell-{i}", ZoneKind.OtControl, PurdueLevel.Level1),
            _ => FleetSamples.Zone($"sis-{i}", ZoneKind.Safety, PurdueLevel.Level1),
        }).ToList();
        var types = new[] { AssetType.Plc, AssetType.Hmi, AssetType.Sensor, AssetType.Drive, AssetType.EngineeringWorkstation };
        var assets = Enumerable.Range(0, 10_000)
            .Select(i => FleetSamples.Asset($"asset-{i}", zones[i / 200].Id.Value, types[i % types.Length], 1 + (i % 5)) with { Ip = $"10.{i / 200}.{(i % 200) / 100}.{i % 100}" })
            .Reverse()
            .ToList();
        var conduits = Enumerable.Range(0, 200).Select(i =>
        {
            var from = zones[random.Next(0, 45)];
            var to = zones[Math.Min(49, zones.IndexOf(from) + 1 + random.Next(0, 10))];
            return FleetSamples.Conduit(
                $"c-{i}",
                from.Id.Value,
                to.Id.Value,
                i % 7 == 0 ? ConduitDirection.Bidirectional : ConduitDirection.FromTo,
                fromTypes: i % 3 == 0 ? [AssetType.EngineeringWorkstation] : null,
                toTypes: i % 4 == 0 ? [AssetType.Plc, AssetType.Hmi] : null);
        }).ToList();
        var flows = Enumerable.Range(0, 2_000)
            .Select(i => FleetSamples.Flow($"f-{i}", $"asset-{i * 5}", $"asset-{(i * 5) + 1}") with { Operations = i >= 1_800 ? ["read"] : null })
            .ToList();
        return FleetSamples.PlantOf(zones, assets, conduits, flows, "big");
    }
}
