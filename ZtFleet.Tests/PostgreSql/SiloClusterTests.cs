using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>Silos configured exactly as ZtFleet.Silo configures them, on PostgreSQL.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class SiloClusterTests(PostgresServer server) : IAsyncLifetime
{
    private const int Active = (int)SiloStatus.Active;
    private const int Dead = (int)SiloStatus.Dead;

    private string _database = null!;

    public async Task InitializeAsync() => _database = await server.CreateDatabaseAsync(nameof(SiloClusterTests));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Grain_state_and_reminders_survive_a_silo_restart()
    {
        var clusterId = $"restart-{Guid.NewGuid():N}";
        var options = PostgresSilos.Options(_database, clusterId);

        var first = await PostgresSilos.StartSiloAsync(options);
        var counter = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("restart");
        for (var i = 0; i < 3; i++)
        {
            await counter.IncrementAsync();
        }

        await counter.RemindAsync("grant-expiry-backstop");
        await PostgresSilos.StopAsync(first);

        var second = await PostgresSilos.StartSiloAsync(options);
        try
        {
            counter = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("restart");
            Assert.Equal(3, await counter.GetAsync());
            Assert.Equal(["grant-expiry-backstop"], await counter.RemindersAsync());

            // Same address and port, a new incarnation: the old one is recorded dead, the new one active.
            var members = await PostgresSilos.MembersAsync(_database, clusterId);
            Assert.Equal(2, members.Count);
            Assert.All(members, member => Assert.Equal(options.SiloPort, member.Port));
            Assert.Equal([Dead, Active], members.Select(member => member.Status));
            Assert.True(members[1].Generation > members[0].Generation);
        }
        finally
        {
            await PostgresSilos.StopAsync(second);
        }
    }

    [Fact]
    public async Task Two_silos_form_one_cluster_with_one_activation_per_grain()
    {
        var clusterId = $"pair-{Guid.NewGuid():N}";
        var siloA = await PostgresSilos.StartSiloAsync(PostgresSilos.Options(_database, clusterId));
        var siloB = await PostgresSilos.StartSiloAsync(PostgresSilos.Options(_database, clusterId));
        IHost? client = null;
        try
        {
            await WaitForActiveMembersAsync(clusterId, 2);
            client = await PostgresSilos.StartClientAsync(_database, clusterId);

            var fromA = siloA.Services.GetRequiredService<IGrainFactory>();
            var fromB = siloB.Services.GetRequiredService<IGrainFactory>();
            var fromClient = client.Services.GetRequiredService<IClusterClient>();

            var hosts = await fromClient.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);

            for (var i = 0; i < 8; i++)
            {
                var key = $"shared-{i}";
                var where = await fromA.GetGrain<ICounterGrain>(key).WhereAsync();
                Assert.Equal(where, await fromB.GetGrain<ICounterGrain>(key).WhereAsync());
                Assert.Equal(where, await fromClient.GetGrain<ICounterGrain>(key).WhereAsync());
            }

            Assert.Equal(1, await fromB.GetGrain<ICounterGrain>("counted").IncrementAsync());
            Assert.Equal(2, await fromClient.GetGrain<ICounterGrain>("counted").IncrementAsync());
            Assert.Equal(2, await fromA.GetGrain<ICounterGrain>("counted").GetAsync());
        }
        finally
        {
            if (client is not null)
            {
                await PostgresSilos.StopAsync(client);
            }

            await Task.WhenAll(PostgresSilos.StopAsync(siloA), PostgresSilos.StopAsync(siloB));
        }
    }

    private async Task WaitForActiveMembersAsync(string clusterId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var active = (await PostgresSilos.MembersAsync(_database, clusterId)).Count(member => member.Status == Active);
            if (active == count)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{active} of {count} silos became active in 20 s.");
            await Task.Delay(100);
        }
    }
}
