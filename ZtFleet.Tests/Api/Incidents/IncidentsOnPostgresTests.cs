using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Tests.Infrastructure;
using DetectionType = ZtFleet.Policy.Monitoring.Detections.DetectionType;

namespace ZtFleet.Tests.Api.Incidents;

/// <summary>Incidents in PostgreSQL: after a silo restart they are still there, and correlation continues with them.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class IncidentsOnPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task After_a_silo_restart_the_incident_is_still_there_and_a_new_part_joins_it()
    {
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("incidents-restart"));
        await server.InitializeAsync();
        await server.ApplyAsync(TestFleets.TwoPlants);
        var incidents = new IncidentService.IncidentServiceClient(server.Channel);
        IPlantMonitorGrain Monitor(string plant) =>
            ((IClusterClient)server.ApiServices.GetService(typeof(IClusterClient))!).GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(PlantId.Parse(plant)));
        Finding Vendor(string plant, DetectionType type, string key) =>
            new(type, Severity.Medium, PlantId.Parse(plant), key, $"{key}.", DateTimeOffset.UtcNow, [key]) { Identity = IdentityId.Parse("vendor-tech") };

        await Monitor("berlin").RecordAsync([Vendor("berlin", DetectionType.MfaFailureBurst, "mfa-failure-burst:vendor-tech")]);
        await Monitor("austin").RecordAsync([Vendor("austin", DetectionType.OffShiftAccess, "off-shift-access:vendor-tech")]);
        var before = await EventuallyAsync(incidents, server, 2);

        await server.RestartSiloAsync();

        await AfterRestart.RetryAsync(() => Monitor("berlin").RecordAsync([Vendor("berlin", DetectionType.Lockout, "lockout:vendor-tech")]));
        var after = await EventuallyAsync(incidents, server, 3);
        var listed = await incidents.ListIncidentsAsync(new ListIncidentsRequest(), server.As(Role.Auditor));

        Assert.Equal(before.Id, after.Id);
        Assert.Equal(["berlin-1", "austin-1", "berlin-2"], after.Parts.Select(p => p.Reference));
        Assert.True(after.Revision > before.Revision);
        Assert.Equal(after, Assert.Single(listed.Incidents));
    }

    private static async Task<Incident> EventuallyAsync(IncidentService.IncidentServiceClient incidents, ApiServer server, int parts)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var listed = await AfterRestart.RetryAsync(async () => await incidents.ListIncidentsAsync(new ListIncidentsRequest(), server.As(Role.FleetAdmin)));
            if (listed.Incidents.FirstOrDefault(i => i.Parts.Count == parts) is { } incident)
            {
                return incident;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
