using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>The applied <c>response:</c> section and <c>neverAuto</c> marks in PostgreSQL grain storage, across a restart.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class ResponseOnPostgresTests(PostgresServer postgres)
{
    private const string Response = """

        response:
          correlationWindowMinutes: 45
          playbooks:
            - id: contain-unexpected-writes
              trigger: { detections: [refused-write], minSeverity: high, zoneKinds: [ot-control], assetTypes: [plc] }
              steps:
                - { kind: restrict-writes, impact: 40, mode: auto, revertAfterMinutes: 30 }
        """;

    [Fact]
    public async Task Playbooks_their_times_and_never_auto_survive_a_restart_of_silo_and_api()
    {
        var connectionString = await postgres.CreateDatabaseAsync("response-restart");
        var document = TestFleets.TwoPlants.Replace("        safetyRelated: true\n", "        safetyRelated: true\n        neverAuto: true\n", StringComparison.Ordinal) + Response;
        Assert.Contains("neverAuto: true", document, StringComparison.Ordinal);
        string exported;
        await using (var first = new ApiServer(connectionString))
        {
            await first.InitializeAsync();
            var client = new FleetService.FleetServiceClient(first.Channel);
            await client.ApplyFleetAsync(new ApplyFleetRequest { Document = document }, first.As(Role.FleetAdmin));
            exported = (await client.ExportPlaybooksAsync(new ExportPlaybooksRequest(), first.As(Role.FleetAdmin))).Playbooks.Single().Json;
        }

        await using var second = new ApiServer(connectionString);
        await second.InitializeAsync();
        var again = new FleetService.FleetServiceClient(second.Channel);
        var cluster = (IClusterClient)second.ApiServices.GetService(typeof(IClusterClient))!;

        var settings = await cluster.GetGrain<IFleetGrain>(GrainKeys.Fleet).GetResponseSettingsAsync();
        Assert.Equal(TimeSpan.FromMinutes(45), settings.CorrelationWindow);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.Playbooks.Single().Steps.Single().RevertAfter);
        var berlin = await cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(ZtFleet.Policy.Identifiers.PlantId.Parse("berlin"))).GetDefinitionAsync();
        Assert.True(berlin!.Spec.Assets.Single(a => a.Id.Value == "sis-1").NeverAuto);
        Assert.Single(berlin.EffectiveResponse.Playbooks);
        Assert.Equal(exported, (await again.ExportPlaybooksAsync(new ExportPlaybooksRequest(), second.As(Role.FleetAdmin))).Playbooks.Single().Json);
        Assert.Empty((await again.ApplyFleetAsync(new ApplyFleetRequest { Document = document, DryRun = true }, second.As(Role.FleetAdmin))).Changes);
    }
}
