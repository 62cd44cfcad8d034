using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using ZtFleet.Api.Hosting;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Hosting;
using ZtFleet.Silo.Hosting;

namespace ZtFleet.Bench.Propagation;

/// <summary>
/// The real control plane in this process: one silo as configured in development (memory storage) and the real
/// API server on a loopback port, which reaches the silo through its own Orleans client like a separate process.
/// </summary>
internal sealed class LoopbackControlPlane : IAsyncDisposable
{
    private const string ClusterId = "revocation-bench";
    private const string ServiceId = "ztfleet-bench";

    private readonly IHost _silo;
    private readonly WebApplication _api;

    private LoopbackControlPlane(IHost silo, WebApplication api, Uri address)
    {
        _silo = silo;
        _api = api;
        Address = address;
    }

    public Uri Address { get; }

    public IClusterClient Cluster => _api.Services.GetRequiredService<IClusterClient>();

    public TokenService Tokens => _api.Services.GetRequiredService<TokenService>();

    /// <param name="streamPoll">Overrides the memory-stream pulling period of the silo; null: as configured.</param>
    public static async Task<LoopbackControlPlane> StartAsync(TimeSpan? streamPoll)
    {
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var silo = Host.CreateApplicationBuilder();
        Quiet(silo.Logging);
        silo.UseOrleans(builder =>
        {
            builder.UseZtFleet(new ZtFleetSiloOptions { SiloPort = siloPort, GatewayPort = gatewayPort, ClusterId = ClusterId, ServiceId = ServiceId });
            if (streamPoll is { } period)
            {
                builder.Services.Configure<StreamPullingAgentOptions>(ProviderNames.PlantDeltaStreams, o => o.GetQueueMsgsTimerPeriod = period);
            }
        });
        var siloHost = silo.Build();
        await siloHost.StartAsync();

        var apiPort = FreePort();
        var api = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        Quiet(api.Logging);
        api.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{apiPort}",
            ["ZtFleet:Auth:SigningKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = ClusterId,
            ["Orleans:ServiceId"] = ServiceId,
        });
        api.AddZtFleetApi();
        var app = api.Build();
        app.MapZtFleetApi();
        await app.StartAsync();
        return new LoopbackControlPlane(siloHost, app, new Uri($"http://127.0.0.1:{apiPort}"));
    }

    /// <summary>A gRPC channel that opens further HTTP/2 connections when one reaches its stream limit.</summary>
    public GrpcChannel OpenChannel() => GrpcChannel.ForAddress(Address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        },
    });

    public async ValueTask DisposeAsync()
    {
        await _api.StopAsync();
        await _api.DisposeAsync();
        await _silo.StopAsync();
        _silo.Dispose();
    }

    private static void Quiet(ILoggingBuilder logging) => logging
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Orleans", LogLevel.Error)
        .AddFilter("Polly", LogLevel.Error)
        .AddFilter("Microsoft.AspNetCore", LogLevel.Error)
        .AddFilter("Grpc", LogLevel.Error)
        .AddFilter("ZtFleet.Silo.Hosting", LogLevel.Error);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
