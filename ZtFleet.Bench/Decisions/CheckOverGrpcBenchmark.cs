using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Hosting;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Bench.Echo;
using ZtFleet.Bench.Generation;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Silo.Hosting;

namespace ZtFleet.Bench.Decisions;

/// <summary>
/// <c>DecisionService/Check</c> over gRPC on loopback, beside a raw gRPC echo of messages of the same shape served
/// by the same Kestrel settings in the same run, alternating over five rounds: the targets are ratios (median of the rounds) (p50 ≤ 1.3× the echo's; throughput at 64
/// callers ≥ 0.8× the echo's), so the machine's speed cancels out.
/// </summary>
public static class CheckOverGrpcBenchmark
{
    private const string SigningKey = "ztfleet-bench-signing-key-0123456789abcdef";

    public static async Task<int> RunAsync(TimeSpan duration, int sequentialCalls)
    {
        var (siloPort, gatewayPort, apiPort, echoPort) = (FreePort(), FreePort(), FreePort(), FreePort());
        var silo = await StartSiloAsync(siloPort, gatewayPort);
        try
        {
            return await MeasureAsync(apiPort, gatewayPort, echoPort, duration, sequentialCalls);
        }
        finally
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }

    private static async Task<int> MeasureAsync(int apiPort, int gatewayPort, int echoPort, TimeSpan duration, int sequentialCalls)
    {
        await using var api = await StartApiAsync(apiPort, gatewayPort);
        await using var echo = await StartEchoAsync(echoPort);

        var fleet = SyntheticFleet.Generate(plants: 1, zonesPerPlant: 10, assetsPerPlant: 1000, identities: 200, seed: 42);
        await api.Services.GetRequiredService<IClusterClient>().GetGrain<IFleetGrain>(GrainKeys.Fleet)
            .ApplyAsync(fleet, new FleetApplyOptions(DryRun: false, Prune: false, Actor: "bench"));
        var plant = fleet.Plants[0];
        var identity = fleet.Identities.First(i => i.Assignments.Any(a => a.Plant == plant.Id));
        var request = new CheckRequest { PlantId = plant.Id.Value, IdentityId = identity.Id.Value, AssetId = plant.Assets[^1].Id.Value, Operation = Operation.View };
        var echoRequest = new EchoRequest { PlantId = request.PlantId, IdentityId = request.IdentityId, AssetId = request.AssetId, Operation = (int)request.Operation };
        var echoResponse = new EchoResponse { Reason = "role-permission", RuleId = "role:operator#0", Facts = { "identity is on shift night", "zone cell-03 is ot-control" }, Epoch = 42 };
        var token = new TokenService(Options.Create(new AuthOptions { SigningKey = SigningKey }), ControlPlaneClock.Machine)
            .Issue("bench", Role.FleetAdmin, [], TimeSpan.FromHours(1));
        var headers = new Metadata { { "authorization", $"Bearer {token}" } };

        using var checkChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{apiPort}");
        using var echoChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{echoPort}");
        var decisions = new DecisionService.DecisionServiceClient(checkChannel);
        var echoes = new EchoService.EchoServiceClient(echoChannel);
        Func<Task> check = async () => await decisions.CheckAsync(request, headers);
        Func<Task> echoCall = async () => await echoes.EchoAsync(echoRequest);
        EchoServiceImpl.Response = echoResponse;

        var sample = await decisions.CheckAsync(request, headers);
        Console.WriteLine($"   the decision measured: allow={sample.Decision.Allow} reason={sample.Decision.Reason} ({identity.Id} -> {request.AssetId}, view)");

        // Alternate the two so drift of the machine hits both alike, and compare within each round: the machine's
        // speed moves between rounds (other work on the two cores), the ratio within a round much less.
        var rounds = new List<((double P50, double P99, double Rate) Echo, (double P50, double P99, double Rate) Check)>();
        await MeasureOneAsync(echoCall, sequentialCalls / 4, duration / 4);
        await MeasureOneAsync(check, sequentialCalls / 4, duration / 4);
        for (var round = 0; round < Rounds; round++)
        {
            var echoRun = await MeasureOneAsync(echoCall, sequentialCalls, duration);
            var checkRun = await MeasureOneAsync(check, sequentialCalls, duration);
            rounds.Add((echoRun, checkRun));
            Console.WriteLine($"   round {round + 1}: echo p50 {echoRun.P50:F1} µs, {echoRun.Rate:F0}/s; check p50 {checkRun.P50:F1} µs, {checkRun.Rate:F0}/s");
        }

        var echoBest = Best(rounds.Select(r => r.Echo).ToList());
        var checkBest = Best(rounds.Select(r => r.Check).ToList());
        Console.WriteLine($"   {"",-6} {"p50 (1 caller)",16} {"p99 (1 caller)",16} {"calls/s (64 callers)",22}   (best of {Rounds} rounds)");
        Console.WriteLine($"   {"echo",-6} {echoBest.P50,13:F1} µs {echoBest.P99,13:F1} µs {echoBest.Rate,22:F0}");
        Console.WriteLine($"   {"check",-6} {checkBest.P50,13:F1} µs {checkBest.P99,13:F1} µs {checkBest.Rate,22:F0}");
        var latencyRatio = Median(rounds.Select(r => r.Check.P50 / r.Echo.P50));
        var rateRatio = Median(rounds.Select(r => r.Check.Rate / r.Echo.Rate));
        Console.WriteLine($"   p50 ratio check/echo, median of rounds: {latencyRatio:F2} (goal <= 1.30: {(latencyRatio <= 1.3 ? "met" : "NOT met")})");
        Console.WriteLine($"   throughput ratio at 64 callers, median of rounds: {rateRatio:F2} (goal >= 0.80: {(rateRatio >= 0.8 ? "met" : "NOT met")})");
        return 0;
    }

    private const int Rounds = 5;

    internal static async Task<(double P50, double P99, double Rate)> MeasureOneAsync(Func<Task> call, int sequentialCalls, TimeSpan duration)
    {
        var (p50, p99) = await SequentialAsync(call, sequentialCalls);
        return (p50, p99, await ConcurrentAsync(call, callers: 64, duration));
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static (double P50, double P99, double Rate) Best(List<(double P50, double P99, double Rate)> runs) =>
        (runs.Min(r => r.P50), runs.Min(r => r.P99), runs.Max(r => r.Rate));

    private static async Task<(double P50, double P99)> SequentialAsync(Func<Task> call, int calls)
    {
        for (var i = 0; i < calls / 10; i++)
        {
            await call();
        }

        var latencies = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(latencies);
        return (latencies[calls / 2], latencies[(int)(calls * 0.99)]);
    }

    private static async Task<double> ConcurrentAsync(Func<Task> call, int callers, TimeSpan duration)
    {
        var done = 0L;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                await call();
                Interlocked.Increment(ref done);
            }
        }));
        return done / stop.Elapsed.TotalSeconds;
    }

    internal static async Task<IHost> StartSiloAsync(int siloPort, int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddZtFleetGrains();
        builder.UseOrleans(silo => silo.UseZtFleet(new ZtFleetSiloOptions { SiloPort = siloPort, GatewayPort = gatewayPort, ClusterId = "bench", ServiceId = "bench" }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<WebApplication> StartApiAsync(int apiPort, int gatewayPort)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{apiPort}",
            ["ZtFleet:Auth:SigningKey"] = SigningKey,
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = "bench",
            ["Orleans:ServiceId"] = "bench",
        });
        builder.AddZtFleetApi();
        var app = builder.Build();
        app.MapZtFleetApi();
        await app.StartAsync();
        return app;
    }

    private static async Task<WebApplication> StartEchoAsync(int port)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<EchoServiceImpl>();
        await app.StartAsync();
        return app;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class EchoServiceImpl : EchoService.EchoServiceBase
    {
        public static EchoResponse Response { get; set; } = new();

        public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) => Task.FromResult(Response);
    }
}
