using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using ZtFleet.Grains.Hosting;
using ZtFleet.Silo.Hosting;

namespace ZtFleet.Bench.Hosting;

/// <summary>
/// One ZtFleet silo in this process, configured as in development (<c>UseZtFleetPersistence(null)</c>: memory
/// storage), with its co-hosted client: calls skip the network but still copy their arguments.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<BenchSilo> StartAsync()
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Orleans", LogLevel.Error)
                .AddFilter("Polly", LogLevel.Error))
            .ConfigureServices(services => services.AddZtFleetGrains())
            .UseOrleans(silo =>
            {
                var (siloPort, gatewayPort) = FreePorts();
                silo.UseLocalhostClustering(siloPort, gatewayPort)
                    .UseZtFleetPersistence(null);
                // Applying a million assets is one call that runs for minutes; the defaults (30 s) would time it out.
                silo.Configure<SiloMessagingOptions>(messaging =>
                {
                    messaging.ResponseTimeout = TimeSpan.FromHours(1);
                    messaging.SystemResponseTimeout = TimeSpan.FromHours(1);
                });

                // Nothing may be deactivated while it is being measured.
                silo.Configure<GrainCollectionOptions>(collection => collection.CollectionAge = TimeSpan.FromHours(4));
            })
            .Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>Two distinct free ports, so that benchmarks never collide with a silo or test run on the machine.</summary>
    private static (int Silo, int Gateway) FreePorts()
    {
        using var silo = new TcpListener(IPAddress.Loopback, 0);
        using var gateway = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        gateway.Start();
        return (((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
    }
}
