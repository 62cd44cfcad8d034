using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Storage;
using ZtFleet.Silo.Hosting;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>
/// The database is a bounded resource: a server that refuses connections makes callers retry (UNAVAILABLE), never
/// fail with an error they cannot read, and a fan-out of thousands of writes fits a server with few connections.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class DatabaseBoundsTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_grain_write_while_the_database_refuses_connections_fails_as_unavailable_and_succeeds_once_it_accepts_again()
    {
        var database = await postgres.CreateDatabaseAsync("refusing-grain");
        var clusterId = $"refusing-{Guid.NewGuid():N}";
        var silo = await PostgresSilos.StartSiloAsync(PostgresSilos.Options(database, clusterId));
        try
        {
            // An external client: the exception crosses the wire with Orleans' serializer, as it does for the API.
            var client = await PostgresSilos.StartClientAsync(database, clusterId);
            try
            {
                var counter = client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("refused");
                Assert.Equal(1, await counter.IncrementAsync());

                // The pools' idle connections would still work: drop them, so the next write needs a new one.
                NpgsqlConnection.ClearAllPools();
                await using (await ConnectionHog.FillAsync(postgres.AdminConnectionString))
                {
                    var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => counter.IncrementAsync());
                    Assert.Equal(StorageFailures.GrainState, refused.Store);
                    Assert.Equal(PostgresErrorCodes.TooManyConnections, refused.SqlState);
                    Assert.Contains("retry", refused.Message, StringComparison.Ordinal);
                }

                // The failed write changed the activation's copy only; the next one stores on top of the stored 1.
                Assert.Equal(3, await counter.IncrementAsync());
            }
            finally
            {
                await PostgresSilos.StopAsync(client);
            }
        }
        finally
        {
            await PostgresSilos.StopAsync(silo);
        }
    }

    [Fact]
    public async Task An_api_write_while_the_database_refuses_connections_answers_unavailable_and_succeeds_once_it_accepts_again()
    {
        var database = await postgres.CreateDatabaseAsync("refusing-api");
        await using var server = new ApiServer(database);
        await server.InitializeAsync();
        var fleet = new FleetService.FleetServiceClient(server.Channel);
        var admin = server.As(Role.FleetAdmin);

        NpgsqlConnection.ClearAllPools();
        await using (await ConnectionHog.FillAsync(postgres.AdminConnectionString))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(
                () => fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            Assert.Contains("database is briefly unavailable", refused.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("53300", refused.Status.Detail, StringComparison.Ordinal);
            Assert.NotNull(refused.GetRpcStatus()?.GetDetail<RetryInfo>());
        }

        var applied = await fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        Assert.True(applied.Applied);
        var plants = await fleet.ListPlantsAsync(new ListPlantsRequest(), admin);
        Assert.Equal(["austin", "berlin"], plants.Plants.Select(p => p.PlantId));
    }

    [Fact]
    public async Task Thousands_of_grain_writes_fanned_out_fit_a_server_with_few_free_connections()
    {
        var database = await postgres.CreateDatabaseAsync("fan-out-writes");
        var options = PostgresSilos.Options(database, $"fan-out-{Guid.NewGuid():N}");

        // Watch the silo's connections from a connection taken before the server is made small.
        await using var watcher = new NpgsqlConnection(postgres.AdminConnectionString);
        await watcher.OpenAsync();

        // Room for the silo's Orleans pool (its maximum) and a few more; a pool of Npgsql's default size (100), or a
        // fan-out of hundreds at once, would be refused.
        const int free = ZtFleetSiloOptions.DefaultMaxPoolSize + 5;
        await using var hog = await ConnectionHog.LeaveFreeAsync(postgres.AdminConnectionString, free);
        var silo = await PostgresSilos.StartSiloAsync(options);
        try
        {
            using var stop = new CancellationTokenSource();
            var peak = WatchPeakAsync(watcher, stop.Token);

            const int count = 2_000;
            var fanOut = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterFanOutGrain>("writer");
            Assert.Equal(count, await fanOut.IncrementAllAsync("counter", count));

            await stop.CancelAsync();
            Assert.InRange(await peak, 1, 2 * ZtFleetSiloOptions.DefaultMaxPoolSize);
        }
        finally
        {
            await PostgresSilos.StopAsync(silo);
        }
    }

    /// <summary>The most connections the silos (application name <c>ztfleet-silo</c>) held at once while watched.</summary>
    private static async Task<int> WatchPeakAsync(NpgsqlConnection watcher, CancellationToken stop)
    {
        var peak = 0;
        await using var command = new NpgsqlCommand("SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'ztfleet-silo'", watcher);
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, (int)(await command.ExecuteScalarAsync(CancellationToken.None))!);
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }
}
