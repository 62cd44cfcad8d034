using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Grains.Trust;

/// <summary>
/// A cluster of its own for the trust tests: they move the fake clock by days (decay), which the shared cluster's
/// tests, pinned to instants of one day, must not see.
/// </summary>
public sealed class TrustClusterFixture : IAsyncLifetime, ITestClusterSetup
{
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; } = TestClusters.Build<TrustClusterFixture>();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        await Cluster.DeployAsync();
        var document = FleetDocumentReader.Read(TestFleets.TwoPlants).Document!;
        await Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet).ApplyAsync(document, new FleetApplyOptions(false, false, "test"));
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class TrustClusterCollection : ICollectionFixture<TrustClusterFixture>
{
    public const string Name = "trust-cluster";
}
