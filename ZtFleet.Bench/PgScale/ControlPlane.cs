using System.Globalization;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Hosting;

namespace ZtFleet.Bench.PgScale;

/// <summary>
/// Two <c>ZtFleet.Silo</c> processes and one <c>ZtFleet.Api</c> process on a PostgreSQL server, configured through
/// environment variables as <c>ZtFleet.AppHost</c> configures them, on free loopback ports.
/// </summary>
/// <remarks>
/// As in the AppHost: <c>ConnectionStrings__pg</c>; <c>Orleans__ClusterId</c> and <c>Orleans__ServiceId</c>; per silo
/// <c>Orleans__Endpoints__SiloPort</c>, <c>__GatewayPort</c> and <c>__AdvertisedIPAddress=127.0.0.1</c> and an HTTP
/// endpoint (<c>ASPNETCORE_URLS</c>); the API's <c>ASPNETCORE_URLS</c> and <c>ZtFleet__Auth__SigningKey</c>;
/// Development environment (the AppHost's launch profile). Not as in the AppHost: no seed fleet, no OTLP exporter
/// (there is no dashboard), and a random signing key. The silos start together, the API once both gateways accept
/// connections, and it is ready when grpc.health.v1 answers SERVING.
/// </remarks>
internal sealed class ControlPlane : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly ThrowawayPostgres _postgres;
    private readonly string _productRoot;
    private readonly string _logFolder;
    private readonly Cleanup _cleanup;
    private readonly string _clusterId = "ztfleet-bench-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private readonly List<GrpcChannel> _channels = [];
    private IReadOnlyDictionary<string, string> _apiEnvironment = new Dictionary<string, string>();
    private int _apiStarts;

    private ControlPlane(ThrowawayPostgres postgres, string productRoot, string logFolder, Cleanup cleanup)
    {
        _postgres = postgres;
        _productRoot = productRoot;
        _logFolder = logFolder;
        _cleanup = cleanup;
        var tokens = new TokenService(Options.Create(new AuthOptions { SigningKey = _signingKey }), ControlPlaneClock.Machine);
        Admin = new CallOptions(new Metadata { { "authorization", "Bearer " + tokens.Issue("pg-scale-bench", Role.FleetAdmin, [], TimeSpan.FromHours(24)) } });
    }

    public List<ProductProcess> Silos { get; } = [];

    public ProductProcess? Api { get; private set; }

    public string ApiAddress { get; private set; } = string.Empty;

    /// <summary>A fleet administrator's bearer token, signed with the key the API was given (as <c>ZtFleet.Api token</c> mints it).</summary>
    public CallOptions Admin { get; }

    public GrpcChannel Channel => _channels[0];

    public static async Task<ControlPlane> StartAsync(
        ThrowawayPostgres postgres, string productRoot, string logFolder, Cleanup cleanup, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? apiEnvironment = null)
    {
        var plane = new ControlPlane(postgres, productRoot, logFolder, cleanup) { _apiEnvironment = apiEnvironment ?? new Dictionary<string, string>() };
        try
        {
            await plane.StartProcessesAsync(cancellationToken);
            return plane;
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }

    /// <summary>A further channel to the API (each opens more HTTP/2 connections past 100 streams).</summary>
    public GrpcChannel OpenChannel()
    {
        var channel = GrpcChannel.ForAddress(ApiAddress, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        _channels.Add(channel);
        return channel;
    }

    /// <summary>Stops the API and the silos and starts them again on the same database: a cluster with nothing activated.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopProcessesAsync();
        await StartProcessesAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await StopProcessesAsync();

    /// <summary>Kills the API process with SIGKILL (no shutdown of any kind); the silos keep running.</summary>
    public void KillApi()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _channels.Clear();
        Api?.Kill();
        Api = null;
    }

    /// <summary>Starts the API process (again, after <see cref="KillApi"/>) and waits until it serves.</summary>
    public async Task StartApiAsync(CancellationToken cancellationToken)
    {
        var apiPort = Ports.Free();
        ApiAddress = $"http://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}";
        var environment = new Dictionary<string, string>(Common())
        {
            ["ASPNETCORE_URLS"] = ApiAddress,
            ["ZtFleet__Auth__SigningKey"] = _signingKey,
            // A 100-plant run outlasts the default hour of an administrative token.
            ["ZtFleet__Auth__MaxAdminTokenLifetime"] = "1.00:00:00",
        };
        foreach (var (key, value) in _apiEnvironment)
        {
            environment[key] = value;
        }

        var log = ++_apiStarts == 1 ? "api.log" : $"api-{_apiStarts}.log";
        Api = ProductProcess.Start("api", Binary("ZtFleet.Api"), environment, Path.Combine(_logFolder, log), _cleanup);
        var channel = OpenChannel();
        var health = new Health.HealthClient(channel);
        await WaitAsync(Api, "grpc.health.v1 answering SERVING", async token =>
        {
            try
            {
                var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: token);
                return answer.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            }
            catch (RpcException)
            {
                return false;
            }
        }, cancellationToken);
    }

    private string Binary(string project) => Path.Combine(_productRoot, project, "bin", "Release", "net10.0", project + ".dll");

    private Dictionary<string, string> Common() => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings__pg"] = _postgres.ConnectionString,
        ["Orleans__ClusterId"] = _clusterId,
        ["Orleans__ServiceId"] = "ztfleet",
    };

    private async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var binaries = (string project) => Binary(project);
        var common = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__pg"] = _postgres.ConnectionString,
            ["Orleans__ClusterId"] = _clusterId,
            ["Orleans__ServiceId"] = "ztfleet",
        };

        var gateways = new List<int>();
        for (var ordinal = 1; ordinal <= 2; ordinal++)
        {
            var gateway = Ports.Free();
            gateways.Add(gateway);
            var environment = new Dictionary<string, string>(common)
            {
                ["Orleans__Endpoints__SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
                ["Orleans__Endpoints__GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture),
                ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Ports.Free().ToString(CultureInfo.InvariantCulture)}",
            };
            Silos.Add(ProductProcess.Start($"silo-{ordinal}", binaries("ZtFleet.Silo"), environment, Path.Combine(_logFolder, $"silo-{ordinal}.log"), _cleanup));
        }

        for (var i = 0; i < Silos.Count; i++)
        {
            await WaitAsync(Silos[i], $"its gateway port {gateways[i]} accepting connections", token => Ports.AcceptsAsync(gateways[i], token), cancellationToken);
        }

        await StartApiAsync(cancellationToken);
    }

    private async Task WaitAsync(ProductProcess process, string what, Func<CancellationToken, Task<bool>> ready, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await ready(cancellationToken))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited before {what}; the end of {process.LogFile}:\n{process.Tail()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{process.Name} started but not {what} within {StartTimeout.TotalSeconds:0} s; the end of {process.LogFile}:\n{process.Tail()}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private async Task StopProcessesAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _channels.Clear();
        if (Api is { } api)
        {
            await api.StopAsync(_cleanup);
            Api = null;
        }

        await Task.WhenAll(Silos.Select(silo => silo.StopAsync(_cleanup)));
        Silos.Clear();
    }
}
