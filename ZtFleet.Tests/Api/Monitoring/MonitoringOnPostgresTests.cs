using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Tests.Infrastructure;
using DetectionStatus = ZtFleet.Api.V1.DetectionStatus;
using DetectionType = ZtFleet.Policy.Monitoring.Detections.DetectionType;

namespace ZtFleet.Tests.Api.Monitoring;

/// <summary>Detections in PostgreSQL: after a silo restart the monitor grain continues from the store.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class MonitoringOnPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task After_a_silo_restart_findings_add_to_the_detection_in_force_and_numbering_continues()
    {
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("monitoring-restart"));
        await server.InitializeAsync();
        await server.ApplyAsync(TestFleets.TwoPlants);
        var berlin = PlantId.Parse("berlin");
        IPlantMonitorGrain Monitor() => ((IClusterClient)server.ApiServices.GetService(typeof(IClusterClient))!).GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(berlin));
        Finding Scan(string source, string evidence) =>
            new(DetectionType.Scanning, Severity.High, berlin, $"scanning:{source}", $"{source} scanned.", DateTimeOffset.UtcNow, [evidence])
            {
                Asset = AssetId.Parse(source),
                Technique = PlantTechniques.RemoteSystemDiscovery,
            };
        await Monitor().RecordAsync([Scan("ews-1", "gw:1:0")]);
        await Monitor().GetLearningZonesAsync();

        await server.RestartSiloAsync();

        var absorbed = await AfterRestart.RetryAsync(() => Monitor().RecordAsync([Scan("ews-1", "gw:2:0"), Scan("hmi-1", "gw:2:1")]));
        var monitoring = new MonitoringService.MonitoringServiceClient(server.Channel);
        var listed = await monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "berlin" }, server.As(Role.Auditor));
        var mode = await monitoring.GetMonitoringModeAsync(new GetMonitoringModeRequest { PlantId = "berlin" }, server.As(Role.Auditor));

        Assert.Equal([("berlin-1", 2L), ("berlin-2", 1L)], absorbed.Select(d => (d.Id, d.Count)).OrderBy(x => x.Id));
        Assert.Equal(["berlin-2", "berlin-1"], listed.Detections.Select(d => d.Id));
        var first = listed.Detections.Single(d => d.Id == "berlin-1");
        Assert.Equal((DetectionStatus.Open, "T0846"), (first.Status, first.Technique.Id));
        Assert.Equal(["gw:1:0", "gw:2:0"], first.Evidence);
        Assert.True(mode.Plant.Learning);
    }
}
