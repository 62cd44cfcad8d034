using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Zones;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Api;

using static ZtFleet.Tests.Grains.FleetDocuments;

namespace ZtFleet.Tests.Grains;

/// <summary>
/// The fleet, plant, zone, asset and identity grains on an in-process cluster. The cluster is shared, so each test
/// works in plants of its own (ids are suffixed) and never prunes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FleetGrainTests(ClusterFixture fixture)
{
    private IFleetGrain Fleet => fixture.Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet);

    [Fact]
    public async Task Applying_a_document_gives_every_plant_zone_asset_and_identity_its_own_state()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "a");

        var result = await Fleet.ApplyAsync(document, Options());

        Assert.True(result.Applied);
        var berlin = PlantId.Parse("berlin-a");
        var plant = await fixture.Grains.GetGrain<IPlantGrain>(GrainKeys.Plant(berlin)).GetDefinitionAsync();
        Assert.Equal("Europe/Berlin", plant!.Spec.TimeZone);
        var zone = await fixture.Grains.GetGrain<IZoneGrain>(GrainKeys.Zone(berlin, ZoneId.Parse("cell-1"))).GetAsync();
        Assert.Equal(["hmi-1", "plc-1"], zone!.Members.Select(m => m.Value));
        Assert.Contains(zone.Conduits, c => c.Id.Value == "mes-to-cell-1");
        var asset = await fixture.Grains.GetGrain<IAssetGrain>(GrainKeys.Asset(berlin, AssetId.Parse("plc-1"))).GetFactsAsync();
        Assert.Equal("S7-1516", asset!.Model);
        var identity = await fixture.Grains.GetGrain<IIdentityGrain>(GrainKeys.Identity(IdentityId.Parse("vendor-tech-a"))).GetAsync();
        Assert.Equal(IdentityKind.VendorTechnician, identity!.Kind);
    }

    [Fact]
    public async Task A_removed_asset_leaves_its_zone_and_its_grain()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "b");
        await Fleet.ApplyAsync(document, Options());
        var austin = document.Plants.Single(p => p.Id.Value == "austin-b");
        var withoutPlc = document with { Plants = [austin with { Assets = [] }], Identities = [] };

        var result = await Fleet.ApplyAsync(withoutPlc, Options());

        Assert.Contains(result.Changes, c => c is { Change: ChangeKind.Removed, Kind: EntityKind.Asset, Id: "plc-a1" });
        Assert.Null(await fixture.Grains.GetGrain<IAssetGrain>(GrainKeys.Asset(austin.Id, AssetId.Parse("plc-a1"))).GetFactsAsync());
        var zone = await fixture.Grains.GetGrain<IZoneGrain>(GrainKeys.Zone(austin.Id, ZoneId.Parse("cell-a"))).GetAsync();
        Assert.Empty(zone!.Members);
    }

    [Fact]
    public async Task A_dry_run_changes_no_grain()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "c");

        var result = await Fleet.ApplyAsync(document, Options() with { DryRun = true });

        Assert.False(result.Applied);
        Assert.NotEmpty(result.Changes);
        Assert.Null(await fixture.Grains.GetGrain<IPlantGrain>("berlin-c").GetDefinitionAsync());
        Assert.DoesNotContain(PlantId.Parse("berlin-c"), (await Fleet.GetOverviewAsync()).Plants);
    }

    [Fact]
    public async Task A_staged_change_that_is_never_committed_stays_invisible()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "d");
        await Fleet.ApplyAsync(document, Options());
        var plant = fixture.Grains.GetGrain<IPlantGrain>("berlin-d");
        var before = await plant.GetDefinitionAsync();

        await plant.StageAsync(Guid.NewGuid(), before! with { Spec = before.Spec with { Name = "Half-applied" } });

        Assert.Equal("Berlin Stamping", (await plant.GetDefinitionAsync())!.Spec.Name);
        await Assert.ThrowsAsync<InvalidOperationException>(() => plant.CommitAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_resulting_fleet_that_breaks_a_rule_is_refused_whole()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "e");
        await Fleet.ApplyAsync(document, Options());
        var generation = (await Fleet.GetOverviewAsync()).Generation;
        var berlin = document.Plants.Single(p => p.Id.Value == "berlin-e");
        var itZone = berlin.Zones.Single(z => z.Id.Value == "ent-it").Id;
        var cell = berlin.Zones.Single(z => z.Id.Value == "cell-1").Id;
        var shortcut = berlin.Conduits[0] with { Id = ConduitId.Parse("it-to-cell"), From = itZone, To = cell, Protocol = Protocol.ModbusTcp, Port = 502, Operations = ["read"] };
        var bad = document with { Plants = [berlin with { Conduits = [.. berlin.Conduits, shortcut], Name = "Renamed" }], Identities = [] };

        var result = await Fleet.ApplyAsync(bad, Options());

        Assert.False(result.Applied);
        Assert.NotEmpty(result.Violations);
        Assert.Equal(generation, (await Fleet.GetOverviewAsync()).Generation);
        Assert.Equal("Berlin Stamping", (await fixture.Grains.GetGrain<IPlantGrain>("berlin-e").GetDefinitionAsync())!.Spec.Name);
    }

    [Fact]
    public async Task An_apply_that_only_assigns_an_identity_appends_identity_deltas_not_a_second_definition()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "d");
        await Fleet.ApplyAsync(document, Options());
        var berlin = fixture.Grains.GetGrain<IPlantGrain>(GrainKeys.Plant(document.Plants.Single(p => p.Id.Value.StartsWith("berlin", StringComparison.Ordinal)).Id));
        var before = await berlin.GetEpochAsync();
        var someone = document.Identities[0];
        var newcomer = someone with { Id = IdentityId.Parse("newcomer-d"), Email = null };

        var result = await Fleet.ApplyAsync(document with { Identities = [newcomer] }, Options());

        Assert.True(result.Applied);
        var kinds = (await berlin.ReadDeltasAsync(before, 100)).Select(r => r.Kind).ToList();
        Assert.Contains("identity-changed", kinds);
        Assert.DoesNotContain("plant-definition-changed", kinds);
    }

    [Fact]
    public async Task A_page_of_the_delta_log_stops_at_a_few_megabytes_and_reading_on_reaches_the_end()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "e");
        await Fleet.ApplyAsync(document, Options());
        var berlinSpec = document.Plants.Single(p => p.Id.Value.StartsWith("berlin", StringComparison.Ordinal));
        var berlin = fixture.Grains.GetGrain<IPlantGrain>(GrainKeys.Plant(berlinSpec.Id));
        var start = await berlin.GetEpochAsync();

        // Definitions of about 3 MB each (a long description stands in for 10,000 assets): four of them pass a page.
        for (var i = 0; i < 4; i++)
        {
            var large = berlinSpec with { Name = $"Berlin {i} " + new string('x', 3 * 1024 * 1024) };
            Assert.True((await Fleet.ApplyAsync(document with { Plants = [large], Identities = [] }, Options())).Applied);
        }

        var end = await berlin.GetEpochAsync();
        var first = await berlin.ReadDeltasAsync(start, 1000);
        Assert.InRange(first.Count, 1, (int)(end - start) - 1);
        Assert.True(first.Sum(r => (long)r.Payload.Length) <= 8 * 1024 * 1024 + first[^1].Payload.Length);

        var cursor = start;
        while ((await berlin.ReadDeltasAsync(cursor, 1000)) is { Count: > 0 } page)
        {
            Assert.Equal(cursor + 1, page[0].Epoch);
            cursor = page[^1].Epoch;
        }

        Assert.Equal(end, cursor);
    }
}
