using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ZtFleet.Api.Hosting;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace ZtFleet.Tests.Api;

/// <summary>
/// Health tells the truth: the real API on PostgreSQL is NOT_SERVING until its seed fleet is applied and its plant
/// views are loaded, and while the database refuses writes; SERVING means the README's calls work.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class ReadinessTests(PostgresServer postgres)
{
    private static readonly string[] Services = ["", FleetService.Descriptor.FullName, DecisionService.Descriptor.FullName, EnforcementService.Descriptor.FullName];

    [Fact]
    public async Task Health_is_not_serving_before_the_seed_fleet_is_applied_and_serving_with_its_plants_listed_after()
    {
        var database = await postgres.CreateDatabaseAsync("health-seed");
        var seed = Path.Combine(Path.GetTempPath(), $"ztfleet-seed-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(seed, TestFleets.TwoPlants);
        var gate = new SeedGate();
        try
        {
            await using var server = new ApiServer(database)
            {
                ApiConfiguration = { ["ZtFleet:SeedFleetDocument"] = seed },
                ConfigureApi = services => services.AddSingleton(gate),
            };
            await server.InitializeAsync();
            var health = new Health.HealthClient(server.Channel);

            // The cluster answers and the database takes writes, but the seed is held back: not ready.
            foreach (var service in Services)
            {
                Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status);
            }

            gate.Open();
            await WaitForAsync(health, ServingStatus.Serving);

            // The moment health says SERVING, every service is ready and the seed's plants are there.
            foreach (var service in Services)
            {
                Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status);
            }

            var plants = await new FleetService.FleetServiceClient(server.Channel).ListPlantsAsync(new ListPlantsRequest(), server.As(Role.FleetAdmin));
            Assert.Equal(["austin", "berlin"], plants.Plants.Select(p => p.PlantId));
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [Fact]
    public async Task Health_is_not_serving_while_the_database_refuses_writes_says_why_in_the_log_and_serves_again_after()
    {
        var database = await postgres.CreateDatabaseAsync("health-refusing");
        var logs = new LogCapture();
        await using var server = new ApiServer(database)
        {
            ApiConfiguration = { ["ZtFleet:Health:ProbeInterval"] = "00:00:00.200" },
            ApiLogs = logs,
        };
        await server.InitializeAsync();
        var health = new Health.HealthClient(server.Channel);
        await WaitForAsync(health, ServingStatus.Serving);

        // Idle pooled connections would still take the probe's write: drop them, so it needs a new one.
        NpgsqlConnection.ClearAllPools();
        await using (await ConnectionHog.FillAsync(postgres.AdminConnectionString))
        {
            await WaitForAsync(health, ServingStatus.NotServing);
        }

        await WaitForAsync(health, ServingStatus.Serving);

        var refused = logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains(ClusterWriteHealthCheck.Name, StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(refused);
        Assert.Contains("the database refuses writes", entry.Message, StringComparison.Ordinal);
        Assert.Contains("53300", entry.Message, StringComparison.Ordinal);
    }

    /// <summary>Asks the whole server's health until it reports <paramref name="expected"/> (bounded).</summary>
    private static async Task WaitForAsync(Health.HealthClient health, ServingStatus expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var last = ServingStatus.Unknown;
        while (!timeout.IsCancellationRequested)
        {
            last = (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: timeout.Token)).Status;
            if (last == expected)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }

        Assert.Fail($"Health stayed {last}, expected {expected}.");
    }
}
