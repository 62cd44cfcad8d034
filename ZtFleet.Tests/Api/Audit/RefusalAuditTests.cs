using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Audit;

/// <summary>Refusal audit bounded per caller, method and status, through the real API on a fake clock.</summary>
public sealed class RefusalAuditTests : IAsyncLifetime
{
    private const string ListPlants = "/ztfleet.v1.FleetService/ListPlants";
    private const string ListAssets = "/ztfleet.v1.FleetService/ListAssets";
    private const string RequestAccess = "/ztfleet.v1.AccessService/RequestAccess";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ApiServer _server;

    public RefusalAuditTests() => _server = new ApiServer(_time);

    private FleetService.FleetServiceClient Fleet => new(_server.Channel);

    private RefusalAudit Refusals => _server.ApiServices.GetRequiredService<RefusalAudit>();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Two_hundred_unauthenticated_calls_write_the_burst_and_one_summary_after_the_window()
    {
        for (var i = 0; i < 200; i++)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => Fleet.ListPlantsAsync(new ListPlantsRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }

        var during = await RecordsAsync(ListPlants);
        Assert.Equal(RefusalAuditOptions.DefaultPerKey, during.Count);
        Assert.All(during, r => Assert.StartsWith("unauthenticated ipv4:127.0.0.1:", r.Actor, StringComparison.Ordinal));

        await CloseWindowAsync();

        var records = await RecordsAsync(ListPlants);
        Assert.Equal(RefusalAuditOptions.DefaultPerKey + 1, records.Count);
        var summary = records[^1];
        Assert.Equal(("unauthenticated 127.0.0.1", "Unauthenticated"), (summary.Actor, summary.Outcome));
        using var detail = JsonDocument.Parse(summary.Detail);
        Assert.Equal(195, detail.RootElement.GetProperty("count").GetInt64());
        Assert.Equal(5, detail.RootElement.GetProperty("individually").GetInt32());
        Assert.StartsWith("refused 195 more times between ", detail.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Nothing is summarised twice.
        await CloseWindowAsync();
        Assert.Equal(records.Count, (await RecordsAsync(ListPlants)).Count);
    }

    [Fact]
    public async Task Distinct_methods_are_counted_separately()
    {
        for (var i = 0; i < 8; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => Fleet.ListPlantsAsync(new ListPlantsRequest()).ResponseAsync);
        }

        for (var i = 0; i < 12; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => Fleet.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin" }).ResponseAsync);
        }

        await CloseWindowAsync();

        Assert.Equal([null, null, null, null, null, 3L], (await RecordsAsync(ListPlants)).Select(Count));
        Assert.Equal([null, null, null, null, null, 7L], (await RecordsAsync(ListAssets)).Select(Count));
        Assert.Equal(0, Refusals.TrackedKeys);
    }

    [Fact]
    public async Task An_authenticated_callers_refusals_are_audited_with_their_violations_and_the_rest_summarised()
    {
        await _server.ApplyAsync(TestFleets.TwoPlants);
        var access = new AccessService.AccessServiceClient(_server.Channel);
        for (var i = 0; i < 7; i++)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => access.RequestAccessAsync(TooLong($"req-long-{i}"), _server.AsSubject("planner", Role.PlantAdmin, "berlin")).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        }

        var individual = await RecordsAsync(RequestAccess);
        Assert.Equal(5, individual.Count);
        Assert.All(individual, r =>
        {
            Assert.Equal(("planner (plant-admin)", "InvalidArgument"), (r.Actor, r.Outcome));
            Assert.Contains("\"field\":\"not_after\"", r.Detail, StringComparison.Ordinal);
        });

        await CloseWindowAsync();

        var summary = (await RecordsAsync(RequestAccess))[^1];
        Assert.Equal("planner (plant-admin)", summary.Actor);
        using var detail = JsonDocument.Parse(summary.Detail);
        Assert.Equal(2, detail.RootElement.GetProperty("count").GetInt64());
        Assert.Equal("not_after", detail.RootElement.GetProperty("violations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Counts_still_open_at_shutdown_are_written()
    {
        for (var i = 0; i < 9; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => Fleet.ListPlantsAsync(new ListPlantsRequest()).ResponseAsync);
        }

        await Refusals.StopAsync(CancellationToken.None);

        Assert.Equal(4L, Count((await RecordsAsync(ListPlants))[^1]));
    }

    /// <summary>Moves the clock past the window (the flush timer fires) and waits for the summaries to be written.</summary>
    private async Task CloseWindowAsync()
    {
        _time.Advance(RefusalAuditOptions.DefaultWindow + RefusalAuditOptions.DefaultFlushInterval);
        await Refusals.WrittenAsync();
    }

    private async Task<List<AuditEntryView>> RecordsAsync(string method)
    {
        var cluster = _server.ApiServices.GetRequiredService<IClusterClient>();
        return (await cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 1000))
            .Where(r => r.Entry.Action == method)
            .Select(r => new AuditEntryView(r.Entry.Actor, r.Entry.Outcome, r.Entry.Detail))
            .ToList();
    }

    private static long? Count(AuditEntryView record)
    {
        using var detail = JsonDocument.Parse(record.Detail);
        return detail.RootElement.TryGetProperty("count", out var count) ? count.GetInt64() : null;
    }

    private static RequestAccessRequest TooLong(string id) => new()
    {
        RequestId = id,
        IdentityId = "vendor-tech",
        PlantId = "berlin",
        Operations = { Operation.Program },
        AssetIds = { "plc-1" },
        NotBefore = Timestamp.FromDateTimeOffset(Start.AddHours(1)),
        NotAfter = Timestamp.FromDateTimeOffset(Start.AddDays(10)),
        Justification = "firmware update after vendor advisory",
        WorkOrder = "WO-4711",
    };

    private sealed record AuditEntryView(string Actor, string Outcome, string Detail);
}
