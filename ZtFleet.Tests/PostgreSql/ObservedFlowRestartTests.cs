using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;
using static ZtFleet.Tests.Policy.Monitoring.FlowMap.ObservedSamples;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>Observed flows live in PostgreSQL: a silo that dies keeps what was written, and loses only what came after.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class ObservedFlowRestartTests(PostgresServer postgres)
{
    [Fact]
    public async Task Written_flows_survive_a_silo_crash_and_the_flow_map_shows_them_again()
    {
        // No timer write during the test: what is written is exactly what FlushAsync wrote.
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("observed-restart"))
        {
            ConfigureSilo = silo => silo.Services.Configure<ObservedFlowOptions>(o => o.FlushPeriod = TimeSpan.FromHours(1)),
        };
        await server.InitializeAsync();
        await server.ApplyAsync(TestFleets.TwoPlants);
        var grain = server.ApiServices.GetRequiredService<IClusterClient>().GetGrain<IObservedFlowGrain>("berlin");
        await grain.RecordAsync([HmiPollsPlc, EwsWritesModbus]);
        await grain.RecordAsync([HmiPollsPlc]);
        await grain.FlushAsync();
        await grain.RecordAsync([HmiPollsPlc, LaptopReadsPlc]);

        await server.RestartSiloAsync();

        var map = await AfterRestart.RetryAsync(() => new FleetService.FleetServiceClient(server.Channel)
            .GetFlowMapAsync(new GetFlowMapRequest { PlantId = "berlin", IncludeObserved = true }, server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal([EwsWritesModbus.Key, HmiPollsPlc.Key], map.ObservedFlows.Select(f => f.Key).Order(StringComparer.Ordinal));
        var hmi = map.ObservedFlows.Single(f => f.Key == HmiPollsPlc.Key);
        Assert.Equal(2 * HmiPollsPlc.Events, hmi.Events);
        Assert.Equal(2400L, hmi.Operations.Single(o => o.Operation == "fc3").Count);
    }
}
