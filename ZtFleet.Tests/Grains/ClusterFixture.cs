using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace ZtFleet.Tests.Grains;

/// <summary>One in-process test cluster (memory mode, fake time) shared by the grain tests.</summary>
public sealed class ClusterFixture : IAsyncLifetime, ITestClusterSetup
{
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; } = TestClusters.Build<ClusterFixture>();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
