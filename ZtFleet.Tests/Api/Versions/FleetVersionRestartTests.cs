using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Fleet;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Versions;

/// <summary>Fleet versions live in PostgreSQL, not in a silo: they survive the API and the silo going away.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class FleetVersionRestartTests(PostgresServer postgres)
{
    [Fact]
    public async Task Versions_survive_an_api_and_silo_restart_and_can_be_rolled_back_to_afterwards()
    {
        var database = await postgres.CreateDatabaseAsync("fleet-versions-restart");
        string firstHash;
        await using (var before = new ApiServer(database))
        {
            await before.InitializeAsync();
            var client = new FleetService.FleetServiceClient(before.Channel);
            var admin = before.As(Role.FleetAdmin);
            await client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants, Reason = "initial", ChangeTicket = "CHG-1" }, admin);
            await client.ApplyFleetAsync(new ApplyFleetRequest { Document = FleetVersionTests.Renamed, Reason = "rename" }, admin);
            firstHash = (await client.GetFleetVersionAsync(new GetFleetVersionRequest { Version = 1 }, admin)).Version.DocumentHash;
        }

        await using var after = new ApiServer(database);
        await after.InitializeAsync();
        var fleet = new FleetService.FleetServiceClient(after.Channel);
        var auditor = after.As(Role.Auditor);

        var list = await AfterRestart.RetryAsync(() => fleet.ListFleetVersionsAsync(new ListFleetVersionsRequest(), auditor).ResponseAsync);
        Assert.Equal([2L, 1L], list.Versions.Select(v => v.Version));
        Assert.Equal(("initial", "CHG-1", firstHash), (list.Versions[1].Reason, list.Versions[1].ChangeTicket, list.Versions[1].DocumentHash));
        var diff = await fleet.DiffFleetVersionsAsync(new DiffFleetVersionsRequest { FromVersion = 2, ToVersion = 1 }, auditor);
        Assert.Equal("hmi-1", Assert.Single(diff.Changes).Id);

        var back = await fleet.RollbackFleetAsync(new RollbackFleetRequest { Version = 1, Reason = "undo the rename" }, after.As(Role.FleetAdmin));

        Assert.Equal(3, back.Result.Version);
        var third = await fleet.GetFleetVersionAsync(new GetFleetVersionRequest { Version = 3 }, auditor);
        Assert.Equal(firstHash, third.Version.DocumentHash);
    }

    [Fact]
    public async Task A_silo_that_dies_before_recording_a_decided_apply_s_version_records_it_after_the_restart()
    {
        var store = new FlakyFleetVersionStore();
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("fleet-versions-crash"))
        {
            ConfigureSilo = silo => silo.ConfigureServices(s => s.AddSingleton<IFleetVersionStore>(provider =>
            {
                store.Inner = new PostgresFleetVersionStore(provider.GetRequiredService<NpgsqlDataSource>());
                return store;
            })),
        };
        await server.InitializeAsync();
        var fleet = new FleetService.FleetServiceClient(server.Channel);
        var admin = server.As(Role.FleetAdmin);
        await fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        store.FailRecording(int.MaxValue);
        var decided = await fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = FleetVersionTests.Renamed, Reason = "rename" }, admin);
        Assert.Equal((ApplyState.Committing, 2L), (decided.State, decided.Version));
        Assert.Equal(1, (await fleet.ListFleetVersionsAsync(new ListFleetVersionsRequest(), admin)).Total);

        await server.RestartSiloAsync();
        store.FailRecording(0);

        // Any call that activates the fleet grain (or, at the latest, its reminder) finishes the apply, version first.
        var deadline = DateTime.UtcNow + AfterRestart.Overall;
        while ((await AfterRestart.RetryAsync(() => fleet.GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = decided.ApplyId }, admin).ResponseAsync)).State != ApplyState.Committed)
        {
            Assert.True(DateTime.UtcNow < deadline, "The decided apply did not finish after the restart.");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        var list = await fleet.ListFleetVersionsAsync(new ListFleetVersionsRequest(), admin);
        Assert.Equal([2L, 1L], list.Versions.Select(v => v.Version));
        Assert.Equal((decided.ApplyId, "rename"), (list.Versions[0].ApplyId, list.Versions[0].Reason));
    }

    [Fact]
    public async Task A_recorded_version_cannot_be_changed_or_removed_in_the_database()
    {
        var database = await postgres.CreateDatabaseAsync("fleet-versions-immutable");
        await using (var server = new ApiServer(database))
        {
            await server.InitializeAsync();
            await server.ApplyAsync(TestFleets.TwoPlants);
        }

        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        foreach (var change in (string[])["UPDATE fleet_version SET reason = 'forged'", "DELETE FROM fleet_version", "TRUNCATE fleet_version"])
        {
            await using var command = new Npgsql.NpgsqlCommand(change, connection);
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
    }
}
