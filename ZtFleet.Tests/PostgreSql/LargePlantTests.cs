using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Bench.Generation;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>
/// Plants of realistic size through the API, on PostgreSQL, with two silos as the AppHost runs them: what failed with
/// "too many clients" and INTERNAL before the plant became the one home of its facts.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class LargePlantTests(PostgresServer postgres)
{
    [Fact]
    public async Task Importing_267_assets_into_a_new_plant_shows_them_on_every_read_path()
    {
        await using var server = await StartAsync("import-267");
        var admin = server.As(Role.FleetAdmin);
        var fleet = new FleetService.FleetServiceClient(server.Channel);
        var generated = SyntheticFleet.Generate(plants: 1, zonesPerPlant: 10, assetsPerPlant: 400, identities: 0, seed: 5);
        var plant = generated.Plants[0];

        // A new plant with a third of its assets (those its declared flows name among them); the CSV brings the rest.
        var named = plant.Flows.SelectMany(f => new[] { f.From, f.To }).ToHashSet();
        var imported = plant.Assets.Where(a => !named.Contains(a.Id) && a.UsedBy is null).TakeLast(267).ToList();
        var kept = plant.Assets.Except(imported).ToList();
        Assert.Equal(267, imported.Count);
        var applied = await fleet.ApplyFleetAsync(
            new ApplyFleetRequest { Document = FleetDocumentWriter.ToYaml(generated with { Plants = [plant with { Assets = kept }] }) },
            admin);
        Assert.True(applied.Applied);

        var import = await fleet.ImportAssetsCsvAsync(
            new ImportAssetsCsvRequest { PlantId = plant.Id.Value, Csv = AssetCsvWriter.ToCsv(imported) },
            admin);

        Assert.True(import.Applied);
        Assert.Equal(267, import.AssetsRead);
        Assert.Equal(267, import.Changes.Count(c => c.Change == ZtFleet.Api.V1.ChangeKind.Added));
        var expected = kept.Count + imported.Count;
        Assert.Equal(expected, (await fleet.ListPlantsAsync(new ListPlantsRequest(), admin)).Plants.Single().Assets);
        Assert.Equal(expected, (await fleet.ListAssetsAsync(new ListAssetsRequest { PlantId = plant.Id.Value }, admin)).Total);
        var export = FleetDocumentReader.Read((await fleet.ExportFleetAsync(new ExportFleetRequest(), admin)).Document, new HashSet<PlantId>());
        Assert.Equal(expected, export.Document!.Plants.Single().Assets.Count);
        var last = imported[^1];
        Assert.Equal(last.Name, (await fleet.GetAssetAsync(new GetAssetRequest { PlantId = plant.Id.Value, AssetId = last.Id.Value }, admin)).Asset.Name);

        var again = await fleet.ImportAssetsCsvAsync(
            new ImportAssetsCsvRequest { PlantId = plant.Id.Value, Csv = AssetCsvWriter.ToCsv(imported) },
            admin);
        Assert.False(again.Applied);
        Assert.Empty(again.Changes);
    }

    [Fact]
    public async Task A_plant_of_5000_assets_applies_and_every_asset_is_found_from_either_silo()
    {
        await using var server = await StartAsync("apply-5000");
        var admin = server.As(Role.FleetAdmin);
        var fleet = new FleetService.FleetServiceClient(server.Channel);
        var generated = SyntheticFleet.Generate(plants: 1, zonesPerPlant: 50, assetsPerPlant: 5_000, identities: 50, seed: 9);
        var plant = generated.Plants[0];

        var applied = await fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = FleetDocumentWriter.ToYaml(generated) }, admin);

        Assert.True(applied.Applied);
        var listed = (await fleet.ListPlantsAsync(new ListPlantsRequest(), admin)).Plants.Single();
        Assert.Equal(5_000, listed.Assets);
        Assert.Equal(5_000, (await fleet.ListAssetsAsync(new ListAssetsRequest { PlantId = plant.Id.Value }, admin)).Total);

        // Asset grains are placed on both silos; each reads its facts from the plant.
        foreach (var asset in plant.Assets.Where((_, i) => i % 250 == 0))
        {
            var found = (await fleet.GetAssetAsync(new GetAssetRequest { PlantId = plant.Id.Value, AssetId = asset.Id.Value }, admin)).Asset;
            Assert.Equal(asset.Name, found.Name);
        }

        Assert.Empty((await fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = FleetDocumentWriter.ToYaml(generated) }, admin)).Changes);
    }

    private async Task<ApiServer> StartAsync(string database)
    {
        var server = new ApiServer(await postgres.CreateDatabaseAsync(database)) { Silos = 2 };
        await server.InitializeAsync();
        return server;
    }
}
