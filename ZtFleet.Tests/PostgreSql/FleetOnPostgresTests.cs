using Npgsql;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>The real grains, the real API and the real audit store on PostgreSQL, across a restart.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class FleetOnPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task An_applied_fleet_and_its_audit_chain_survive_a_restart_of_silo_and_api()
    {
        var connectionString = await postgres.CreateDatabaseAsync("fleet-restart");
        await using (var first = new ApiServer(connectionString))
        {
            await first.InitializeAsync();
            var client = new FleetService.FleetServiceClient(first.Channel);
            var applied = await client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, first.As(Role.FleetAdmin));
            Assert.True(applied.Applied);
        }

        await using var second = new ApiServer(connectionString);
        await second.InitializeAsync();
        var again = new FleetService.FleetServiceClient(second.Channel);
        var admin = second.As(Role.FleetAdmin);

        var plants = (await again.ListPlantsAsync(new ListPlantsRequest(), admin)).Plants;
        Assert.Equal(["austin", "berlin"], plants.Select(p => p.PlantId));
        var plc = (await again.GetAssetAsync(new GetAssetRequest { PlantId = "berlin", AssetId = "plc-1" }, admin)).Asset;
        Assert.Equal("V2.9.4", plc.Firmware);
        Assert.Empty((await again.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin)).Changes);

        var cluster = (IClusterClient)second.ApiServices.GetService(typeof(IClusterClient))!;
        var berlinAudit = cluster.GetGrain<IAuditGrain>("berlin");
        Assert.Single(await berlinAudit.ReadAsync(0, 10));
        Assert.Null(await berlinAudit.VerifyAsync());
    }

    [Fact]
    public async Task Editing_a_stored_audit_record_is_detected()
    {
        var connectionString = await postgres.CreateDatabaseAsync("audit-tamper");
        await using var server = new ApiServer(connectionString);
        await server.InitializeAsync();
        var client = new FleetService.FleetServiceClient(server.Channel);
        await client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, server.As(Role.FleetAdmin));
        await client.ApplyFleetAsync(
            new ApplyFleetRequest { Document = TestFleets.TwoPlants.Replace("V2.9.4", "V3.0.0", StringComparison.Ordinal) },
            server.As(Role.FleetAdmin));

        // Someone with database rights disables the guard and rewrites history.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only;
                UPDATE audit_record SET actor = 'someone-else' WHERE scope = 'berlin' AND seq = 1;
                """,
                connection);
            await command.ExecuteNonQueryAsync();
        }

        var cluster = (IClusterClient)server.ApiServices.GetService(typeof(IClusterClient))!;
        Assert.Equal(1, await cluster.GetGrain<IAuditGrain>("berlin").VerifyAsync());
    }
}
