using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Silo.Hosting;

namespace ZtFleet.Tests.Grains;

/// <summary>
/// An in-process cluster of its own (its fleet grain is not shared with other tests) whose ZtFleet grain storage is a
/// <see cref="FailingGrainStorage"/>, with commit retries a few hundred milliseconds apart (Orleans timers run on
/// real time).
/// </summary>
public sealed class FailingStorageClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(1)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .AddClientBuilderConfigurator<ClientConfigurator>()
        .Build();

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The storage of the (only, in-process) silo.</summary>
    public FailingGrainStorage Storage =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<FailingGrainStorage>();

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>
    /// Makes <paramref name="silo"/>'s ZtFleet grain storage a <see cref="FailingGrainStorage"/> over memory storage
    /// (resolve it from the silo's services) and its commit retries a few hundred milliseconds apart. Call it after
    /// ZtFleet's own persistence is configured: the last registration under the storage name wins.
    /// </summary>
    public static void Install(ISiloBuilder silo)
    {
        silo.Services.AddSingleton(sp => new FailingGrainStorage(MemoryGrainStorageFactory.Create(sp, ProviderNames.Storage)));
        silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.Storage, (sp, _) => sp.GetRequiredService<FailingGrainStorage>());
        silo.Services.Configure<FleetCommitOptions>(options =>
        {
            options.InitialRetryDelay = TimeSpan.FromMilliseconds(100);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(400);
        });
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(new ControlPlaneClock(ClusterFixture.Time));
            siloBuilder.Services.AddZtFleetGrains();
            siloBuilder.UseZtFleetPersistence(connectionString: null);

            Install(siloBuilder);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddZtFleetSerialization();
    }
}
