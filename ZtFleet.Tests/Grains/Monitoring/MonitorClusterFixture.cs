using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Tests.Grains.Monitoring;

/// <summary>
/// A test cluster (memory mode, fake control-plane clock) whose detection trust feed records its calls instead of
/// calling the asset and identity grains, and whose client can subscribe to detection streams.
/// </summary>
public sealed class MonitorClusterFixture : IAsyncLifetime, ITestClusterSetup
{
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public static RecordingTrustFeed Trust { get; } = new();

    public TestCluster Cluster { get; } = TestClusters.Build<MonitorClusterFixture>();

    /// <summary>The recording trust feed instead of the grains' own.</summary>
    public static void AddServices(IServiceCollection services) => services.AddSingleton<IDetectionTrustFeed>(Trust);

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The trust feed's calls: (added or removed, detection id, kind of factor per entity).</summary>
    public sealed class RecordingTrustFeed : IDetectionTrustFeed
    {
        public ConcurrentQueue<(string Call, Detection Detection)> Calls { get; } = new();

        public Task AddAsync(Detection detection, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue(("add", detection));
            return Task.CompletedTask;
        }

        public Task RemoveAsync(Detection detection, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue(("remove", detection));
            return Task.CompletedTask;
        }
    }
}
