using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Silo.Hosting;

namespace ZtFleet.Tests.Grains.Monitoring;

/// <summary>
/// A test cluster (memory mode, fake control-plane clock) whose detection trust feed records its calls instead of
/// calling the asset and identity grains, and whose client can subscribe to detection streams.
/// </summary>
public sealed class MonitorClusterFixture : IAsyncLifetime
{
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public static RecordingTrustFeed Trust { get; } = new();

    public TestCluster Cluster { get; } = new TestClusterBuilder(1)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .AddClientBuilderConfigurator<ClientConfigurator>()
        .Build();

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

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(new ControlPlaneClock(Time));
            siloBuilder.Services.AddSingleton<IDetectionTrustFeed>(Trust);
            siloBuilder.Services.AddZtFleetGrains();
            siloBuilder.UseZtFleetPersistence(connectionString: null);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.Services.AddZtFleetSerialization();
            clientBuilder.AddMemoryStreams(ProviderNames.DetectionStreams);
        }
    }
}
