using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ZtFleet.Grains.Export;
using ZtFleet.Grains.Monitoring;

namespace ZtFleet.Tests.Grains.Incidents;

/// <summary>
/// A test cluster (memory mode, fake control-plane clock) whose export outbox and detection store the tests can read
/// and write directly (to see the records, and to store detections behind the correlator's back).
/// </summary>
public sealed class IncidentClusterFixture : IAsyncLifetime, ITestClusterSetup
{
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public static InMemoryExportOutbox Outbox { get; } = new();

    public static InMemoryDetectionStore Detections { get; } = new();

    public TestCluster Cluster { get; } = TestClusters.Build<IncidentClusterFixture>();

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<IExportOutbox>(Outbox);
        services.AddSingleton<IDetectionStore>(Detections);
    }

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
