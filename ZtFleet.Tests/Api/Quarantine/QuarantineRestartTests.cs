using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Plants;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Quarantine;

/// <summary>A quarantine in force is in the PostgreSQL delta log and grain state: a silo that dies keeps it in force.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class QuarantineRestartTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_quarantine_stays_in_force_across_a_silo_restart_and_can_be_lifted_afterwards()
    {
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("quarantine-restart"));
        await server.InitializeAsync();
        await new FleetService.FleetServiceClient(server.Channel).ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, server.As(Role.FleetAdmin));
        var quarantines = new QuarantineService.QuarantineServiceClient(server.Channel);
        var inForce = await quarantines.QuarantineAssetAsync(
            new QuarantineAssetRequest { QuarantineId = "q-plc", PlantId = "berlin", AssetId = "plc-1", Mode = QuarantineMode.Isolate, Reason = "ransomware on the line" },
            server.AsSubject("carol", Role.PlantAdmin, "berlin"));

        await server.RestartSiloAsync();

        var list = await AfterRestart.RetryAsync(() => quarantines.ListQuarantinesAsync(new ListQuarantinesRequest { PlantId = "berlin", InForceOnly = true }, server.As(Role.Auditor)).ResponseAsync);
        var held = Assert.Single(list.Quarantines);
        Assert.Equal(("q-plc", QuarantineStatus.InForce, inForce.Epoch), (held.QuarantineId, held.Status, held.Epoch));
        var cluster = (IClusterClient)server.ApiServices.GetService(typeof(IClusterClient))!;
        var snapshot = (await cluster.GetGrain<IPlantGrain>("berlin").GetSnapshotAsync())!;
        Assert.Equal(("q-plc", inForce.Epoch), (Assert.Single(snapshot.Quarantines!).Id, snapshot.SegmentationEpoch));

        await quarantines.RequestLiftAsync(new RequestLiftRequest { PlantId = "berlin", QuarantineId = "q-plc", Reason = "line rebuilt" }, server.AsSubject("carol", Role.PlantAdmin, "berlin"));
        var lifted = await quarantines.ApproveLiftAsync(new ApproveLiftRequest { PlantId = "berlin", QuarantineId = "q-plc" }, server.AsSubject("alice", Role.Approver, "berlin"));
        Assert.Equal(QuarantineStatus.Lifted, lifted.Status);
        Assert.Empty((await cluster.GetGrain<IPlantGrain>("berlin").GetQuarantinesAsync()).InForce);
    }
}
