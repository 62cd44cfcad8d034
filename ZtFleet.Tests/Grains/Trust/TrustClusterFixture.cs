using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Inventory;
using ZtFleet.Silo.Hosting;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Grains.Trust;

/// <summary>
/// A cluster of its own for the trust tests: they move the fake clock by days (decay), which the shared cluster's
/// tests, pinned to instants of one day, must not see.
/// </summary>
public sealed class TrustClusterFixture : IAsyncLifetime
{
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; } = new TestClusterBuilder(1)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .AddClientBuilderConfigurator<ClientConfigurator>()
        .Build();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        await Cluster.DeployAsync();
        var document = FleetDocumentReader.Read(TestFleets.TwoPlants).Document!;
        await Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet).ApplyAsync(document, new FleetApplyOptions(false, false, "test"));
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(new ControlPlaneClock(Time));
            siloBuilder.Services.AddZtFleetGrains();
            siloBuilder.UseZtFleetPersistence(connectionString: null);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddZtFleetSerialization();
    }
}

[CollectionDefinition(Name)]
public sealed class TrustClusterCollection : ICollectionFixture<TrustClusterFixture>
{
    public const string Name = "trust-cluster";
}
