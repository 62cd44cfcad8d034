using Orleans.Core.Internal;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Tests.Infrastructure;
using static ZtFleet.Tests.Policy.Monitoring.FlowMap.ObservedSamples;

namespace ZtFleet.Tests.Api.FlowMap;

/// <summary>The observed flow grain's writes: only increments, and what is pending is written when it deactivates.</summary>
public sealed class ObservedFlowGrainTests : IAsyncLifetime
{
    // No timer write during a test: what reaches the store is what a flush or a deactivation wrote.
    private readonly ApiServer _server = new()
    {
        ConfigureSilo = silo => silo.Services.Configure<ObservedFlowOptions>(o => o.FlushPeriod = TimeSpan.FromHours(1)),
    };

    private IObservedFlowStore Store => _server.SiloServices.GetRequiredService<IObservedFlowStore>();

    private IObservedFlowGrain Grain => _server.ApiServices.GetRequiredService<IClusterClient>().GetGrain<IObservedFlowGrain>("berlin");

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Each_write_adds_what_arrived_since_the_last_so_the_store_holds_the_sums()
    {
        await Grain.RecordAsync([HmiPollsPlc]);
        await Grain.FlushAsync();
        await Grain.FlushAsync();
        await Grain.RecordAsync([HmiPollsPlc, EwsWritesModbus]);
        await Grain.FlushAsync();

        var stored = await Store.LoadAsync("berlin", 10);

        Assert.Equal(2 * HmiPollsPlc.Events, stored.Single(f => f.Key == HmiPollsPlc.Key).Events);
        Assert.Equal(EwsWritesModbus.Events, stored.Single(f => f.Key == EwsWritesModbus.Key).Events);
    }

    [Fact]
    public async Task What_is_pending_is_written_when_the_grain_deactivates_and_read_back_when_it_activates()
    {
        await Grain.RecordAsync([HmiPollsPlc]);
        Assert.Empty(await Store.LoadAsync("berlin", 10));

        await Grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        // Deactivation runs after the call returns: wait for its write (bounded), not for a time.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await Store.LoadAsync("berlin", 10)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HmiPollsPlc.Events, Assert.Single(await Store.LoadAsync("berlin", 10)).Events);
        Assert.Equal(HmiPollsPlc.Events, Assert.Single(await Grain.ListAsync()).Events);
    }
}
