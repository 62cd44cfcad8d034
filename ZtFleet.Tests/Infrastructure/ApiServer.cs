using Npgsql;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Hosting;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Silo.Hosting;

namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// The real thing, in one test process: a silo (memory mode, or PostgreSQL when given a connection string) and
/// the real API server on a loopback port, reached through a real gRPC client over h2c.
/// </summary>
public sealed class ApiServer : IAsyncLifetime, IAsyncDisposable
{
    public const string SigningKey = "ztfleet-test-signing-key-0123456789abcdef";

    private readonly string? _connectionString;
    private readonly TimeProvider? _time;
    private readonly string _clusterId = $"api-test-{Guid.NewGuid():N}";
    private int _siloPort;
    private int _gatewayPort;
    private IHost? _silo;
    private readonly List<IHost> _moreSilos = [];
    private WebApplication? _api;

    public ApiServer()
        : this(connectionString: null, time: null)
    {
    }

    public ApiServer(string? connectionString, TimeProvider? time = null)
    {
        _connectionString = connectionString;
        _time = time;
    }

    /// <summary>A memory-mode server whose silo and API both read <paramref name="time"/>.</summary>
    public ApiServer(TimeProvider time)
        : this(null, time)
    {
    }

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>
    /// Another local address the API also listens on (the same port as loopback), e.g. the root side of a test
    /// network namespace's management link, so a process in that namespace can reach the API. Null: loopback only.
    /// </summary>
    public IPAddress? AdditionalAddress { get; init; }

    /// <summary>
    /// How many silos form the cluster (more than one needs a connection string: they find each other in
    /// PostgreSQL, and the API finds their gateways there), as the AppHost runs two.
    /// </summary>
    public int Silos { get; init; } = 1;

    /// <summary>The API's host environment: Development (reflection served) unless a test runs it as production does.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>The API's <c>ZtFleet:Auth:SigningKey</c> (null: none configured); tokens from <see cref="As"/> are signed with it.</summary>
    public string? ApiSigningKey { get; init; } = SigningKey;

    /// <summary>The API's port (on loopback and on <see cref="AdditionalAddress"/>).</summary>
    public int Port { get; private set; }

    public IServiceProvider ApiServices => _api!.Services;

    /// <summary>The silo's services (for a test double registered through <see cref="ConfigureSilo"/>).</summary>
    public IServiceProvider SiloServices => _silo!.Services;

    /// <summary>More API configuration (e.g. <c>ZtFleet:SeedFleetDocument</c>, shorter <c>ZtFleet:Auth</c> periods), applied over the server's own.</summary>
    public Dictionary<string, string?> ApiConfiguration { get; init; } = [];

    /// <summary>More API services, registered after ZtFleet's own (e.g. a <see cref="SeedGate"/>).</summary>
    public Action<IServiceCollection>? ConfigureApi { get; init; }

    /// <summary>When set, receives the API's log entries (Warning and above).</summary>
    public LogCapture? ApiLogs { get; init; }

    /// <summary>More silo configuration, applied after ZtFleet's own (e.g. a grain storage that fails on cue).</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; init; }

    public async Task InitializeAsync()
    {
        _siloPort = FreePort();
        _gatewayPort = FreePort();
        _silo = await StartSiloAsync();
        if (Silos > 1 && _connectionString is null)
        {
            throw new InvalidOperationException("More than one silo needs PostgreSQL: in memory each silo is a cluster of its own.");
        }

        for (var i = 1; i < Silos; i++)
        {
            _moreSilos.Add(await StartSiloAsync(FreePort(), FreePort()));
        }

        var apiPort = Port = FreePort();
        var urls = $"http://127.0.0.1:{apiPort}";
        if (AdditionalAddress is not null)
        {
            urls += $";http://{new IPEndPoint(AdditionalAddress, apiPort)}";
        }

        var api = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = EnvironmentName });
        api.Logging.SetMinimumLevel(LogLevel.Warning);
        api.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["ZtFleet:Auth:SigningKey"] = ApiSigningKey,
            ["Orleans:GatewayPort"] = _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = _clusterId,
            ["Orleans:ServiceId"] = "ztfleet-tests",
            ["ConnectionStrings:pg"] = _connectionString,
        });
        api.Configuration.AddInMemoryCollection(ApiConfiguration);
        if (ApiLogs is not null)
        {
            api.Logging.AddProvider(ApiLogs);
        }
        if (_time is not null)
        {
            api.Services.AddSingleton(new ControlPlaneClock(_time));
        }

        api.AddZtFleetApi();
        ConfigureApi?.Invoke(api.Services);
        _api = api.Build();
        _api.MapZtFleetApi();
        await _api.StartAsync();

        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{apiPort}");
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_api is not null)
        {
            await _api.StopAsync();
            await _api.DisposeAsync();
        }

        foreach (var silo in _moreSilos.Append(_silo).OfType<IHost>())
        {
            await silo.StopAsync();
            silo.Dispose();
        }

        if (_connectionString is not null)
        {
            // Orleans' ADO.NET providers open connections through Npgsql's process-wide pools, which keep idle ones for
            // minutes: a test run with many servers on PostgreSQL would otherwise fill max_connections.
            NpgsqlConnection.ClearPool(new NpgsqlConnection(_connectionString));
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>
    /// Kills the silo abruptly (no graceful shutdown: its activations, stream queues and memory die with it) and
    /// starts a new one on the same ports. The API and its Orleans client keep running and reconnect.
    /// </summary>
    public async Task RestartSiloAsync()
    {
        await StopSiloAsync();
        _silo = await StartSiloAsync();
    }

    /// <summary>Kills the silo abruptly and starts none: the API is left without a cluster.</summary>
    public async Task StopSiloAsync()
    {
        using (var kill = new CancellationTokenSource())
        {
            await kill.CancelAsync();
            try
            {
                await _silo!.StopAsync(kill.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or AggregateException)
            {
                // A cancelled stop is the abrupt one.
            }
        }

        _silo!.Dispose();
        _silo = null;
    }

    /// <summary>Applies <paramref name="document"/> as a fleet admin (most API tests start from <see cref="TestFleets.TwoPlants"/>).</summary>
    public async Task<ZtFleet.Api.V1.ApplyFleetResponse> ApplyAsync(string document) =>
        await new ZtFleet.Api.V1.FleetService.FleetServiceClient(Channel).ApplyFleetAsync(new ZtFleet.Api.V1.ApplyFleetRequest { Document = document }, As(Role.FleetAdmin));

    /// <summary>Call options carrying a token for the given role and plants.</summary>
    public CallOptions As(Role role, params string[] plants) => AsSubject($"test-{role}", role, plants);

    /// <summary>Call options carrying a token for <paramref name="subject"/> with the given role and plants.</summary>
    public CallOptions AsSubject(string subject, Role role, params string[] plants)
    {
        var token = new TokenService(Options.Create(new AuthOptions { SigningKey = ApiSigningKey ?? SigningKey }), _time is null ? ControlPlaneClock.Machine : new ControlPlaneClock(_time))
            .Issue(subject, role, plants.Select(PlantId.Parse), TimeSpan.FromMinutes(10));
        return new CallOptions(new Metadata { { "authorization", $"Bearer {token}" } });
    }

    private Task<IHost> StartSiloAsync() => StartSiloAsync(_siloPort, _gatewayPort);

    private async Task<IHost> StartSiloAsync(int siloPort, int gatewayPort)
    {
        var silo = Host.CreateApplicationBuilder();
        silo.Logging.SetMinimumLevel(LogLevel.Warning);
        if (_time is not null)
        {
            silo.Services.AddSingleton(new ControlPlaneClock(_time));
        }

        silo.UseOrleans(builder =>
        {
            builder.UseZtFleet(new ZtFleetSiloOptions
            {
                ConnectionString = _connectionString,
                SiloPort = siloPort,
                GatewayPort = gatewayPort,
                ClusterId = _clusterId,
                ServiceId = "ztfleet-tests",
                AdvertisedIPAddress = _connectionString is null ? null : IPAddress.Loopback,
            });
            ConfigureSilo?.Invoke(builder);
        });
        var host = silo.Build();
        await host.StartAsync();
        return host;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
