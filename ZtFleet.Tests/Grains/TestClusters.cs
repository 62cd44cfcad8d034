using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ZtFleet.Grains.Hosting;
using ZtFleet.Silo.Hosting;

namespace ZtFleet.Tests.Grains;

/// <summary>
/// What a grain test cluster fixture gives its silo: its own fake control-plane clock, and any services that replace
/// the silo's own (registered before the grains', which only add what is missing).
/// </summary>
public interface ITestClusterSetup
{
    /// <summary>The fixture's fake clock (static: the silo's configurator is created by type).</summary>
    static abstract FakeTimeProvider Time { get; }

    /// <summary>Services that replace the silo's own; none by default.</summary>
    static virtual void AddServices(IServiceCollection services)
    {
    }
}

/// <summary>The one way grain tests build an in-process cluster: one silo, memory mode, the setup's fake clock.</summary>
public static class TestClusters
{
    public static TestCluster Build<TSetup>()
        where TSetup : ITestClusterSetup =>
        new TestClusterBuilder(1)
            .AddSiloBuilderConfigurator<SiloConfigurator<TSetup>>()
            .AddClientBuilderConfigurator<ClientConfigurator>()
            .Build();

    private sealed class SiloConfigurator<TSetup> : ISiloConfigurator
        where TSetup : ITestClusterSetup
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(new ControlPlaneClock(TSetup.Time));
            TSetup.AddServices(siloBuilder.Services);
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
