using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Hosting;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Bench.Generation;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Bench.Decisions;

/// <summary>
/// <c>check --denials</c>: the cost of auditing routine denials. Two API processes-in-one on the same silo, one with
/// the batched denial writer (<see cref="DenialAudit"/>) and one without (<c>ZtFleet:Audit:Denials:Enabled=false</c>),
/// both answering only denials (200 unknown identities × 50 assets, rotating, so folding within a second helps little),
/// alternating over rounds: p50/p99 with one caller, calls/s with 64 callers, and what the writer wrote and dropped.
/// </summary>
public static class DenialAuditBenchmark
{
    private const string SigningKey = "ztfleet-bench-signing-key-0123456789abcdef";
    private const int Rounds = 3;

    public static async Task<int> RunAsync(TimeSpan duration, int sequentialCalls)
    {
        var (siloPort, gatewayPort) = (CheckOverGrpcBenchmark.FreePort(), CheckOverGrpcBenchmark.FreePort());
        var silo = await CheckOverGrpcBenchmark.StartSiloAsync(siloPort, gatewayPort);
        try
        {
            await using var without = await StartApiAsync(CheckOverGrpcBenchmark.FreePort(), gatewayPort, audit: false);
            await using var with = await StartApiAsync(CheckOverGrpcBenchmark.FreePort(), gatewayPort, audit: true);
            var fleet = SyntheticFleet.Generate(plants: 1, zonesPerPlant: 10, assetsPerPlant: 1000, identities: 200, seed: 42);
            await with.Services.GetRequiredService<IClusterClient>().GetGrain<IFleetGrain>(GrainKeys.Fleet)
                .ApplyAsync(fleet, new FleetApplyOptions(DryRun: false, Prune: false, Actor: "bench"));
            var plant = fleet.Plants[0];
            var requests = Enumerable.Range(0, 200)
                .SelectMany(i => plant.Assets.Take(50).Select(a => new CheckRequest { PlantId = plant.Id.Value, IdentityId = $"ghost-{i}", AssetId = a.Id.Value, Operation = Operation.Write }))
                .ToArray();
            var token = new TokenService(Options.Create(new AuthOptions { SigningKey = SigningKey }), ControlPlaneClock.Machine)
                .Issue("bench", Role.FleetAdmin, [], TimeSpan.FromHours(1));
            var headers = new Metadata { { "authorization", $"Bearer {token}" } };
            using var withChannel = GrpcChannel.ForAddress(with.Urls.First());
            using var withoutChannel = GrpcChannel.ForAddress(without.Urls.First());
            var next = 0L;
            Func<Task> Call(GrpcChannel channel)
            {
                var client = new DecisionService.DecisionServiceClient(channel);
                return async () => await client.CheckAsync(requests[Interlocked.Increment(ref next) % requests.Length], headers);
            }

            var sample = await new DecisionService.DecisionServiceClient(withChannel).CheckAsync(requests[0], headers);
            Console.WriteLine($"   the decision measured: allow={sample.Decision.Allow} reason={sample.Decision.Reason} (200 unknown identities x 50 assets, write)");
            var denials = with.Services.GetRequiredService<DenialAudit>();
            await CheckOverGrpcBenchmark.MeasureOneAsync(Call(withoutChannel), sequentialCalls / 4, duration / 4);
            await CheckOverGrpcBenchmark.MeasureOneAsync(Call(withChannel), sequentialCalls / 4, duration / 4);
            var ratios = new List<(double P50, double Rate)>();
            for (var round = 0; round < Rounds; round++)
            {
                var off = await CheckOverGrpcBenchmark.MeasureOneAsync(Call(withoutChannel), sequentialCalls, duration);
                var on = await CheckOverGrpcBenchmark.MeasureOneAsync(Call(withChannel), sequentialCalls, duration);
                ratios.Add((on.P50 / off.P50, on.Rate / off.Rate));
                Console.WriteLine($"   round {round + 1}: without writer p50 {off.P50:F1} µs p99 {off.P99:F1} µs {off.Rate:F0}/s; "
                    + $"with writer p50 {on.P50:F1} µs p99 {on.P99:F1} µs {on.Rate:F0}/s");
            }

            await denials.FlushAsync();
            Console.WriteLine($"   p50 ratio with/without, median of rounds: {CheckOverGrpcBenchmark.Median(ratios.Select(r => r.P50)):F2}; "
                + $"throughput ratio at 64 callers: {CheckOverGrpcBenchmark.Median(ratios.Select(r => r.Rate)):F2}");
            Console.WriteLine($"   the writer: {denials.Written} denials written as {denials.Records} records "
                + $"({(denials.Records == 0 ? 0 : (double)denials.Written / denials.Records):F1} per record), {denials.DroppedTotal} dropped (queue full)");
            return 0;
        }
        finally
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }

    private static async Task<WebApplication> StartApiAsync(int apiPort, int gatewayPort, bool audit)
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
            ["ZtFleet:Audit:Denials:Enabled"] = audit ? "true" : "false",
        });
        builder.AddZtFleetApi();
        var app = builder.Build();
        app.MapZtFleetApi();
        await app.StartAsync();
        return app;
    }
}
