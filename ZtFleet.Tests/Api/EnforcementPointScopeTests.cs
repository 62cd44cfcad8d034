using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Propagation;

namespace ZtFleet.Tests.Api;

/// <summary>
/// An enforcement point enrolled for one zone asks about that zone only, through the real API: access checks of its
/// assets and zone, flows with an end in it, its zone's ruleset. Anything else at its plant is PERMISSION_DENIED
/// naming the zone; another plant stays NOT_FOUND; a point enrolled for the whole plant asks about all of it.
/// </summary>
public sealed class EnforcementPointScopeTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();

    private DecisionService.DecisionServiceClient Decisions => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_point_enrolled_for_one_zone_checks_access_in_that_zone_only()
    {
        var cell = await EnforcementPoint.EnrollAsync(_server, "gw-cell-1", "berlin", "cell-1");

        var own = await Decisions.CheckAsync(Check("plc-1"), cell.Credential);
        Assert.NotNull(own.Decision);
        Assert.NotNull((await Decisions.CheckAsync(new CheckRequest { PlantId = "berlin", IdentityId = "vendor-tech", ZoneId = "cell-1", Operation = Operation.View }, cell.Credential)).Decision);

        var otherAsset = await Assert.ThrowsAsync<RpcException>(() => Decisions.CheckAsync(Check("mes-1"), cell.Credential).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherAsset.StatusCode);
        Assert.Contains("zone 'site-ops'", otherAsset.Status.Detail, StringComparison.Ordinal);

        var otherZone = await Assert.ThrowsAsync<RpcException>(() => Decisions.CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = "vendor-tech", ZoneId = "safety", Operation = Operation.View }, cell.Credential).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherZone.StatusCode);

        // A batch with one check outside the zone decides nothing and names the check.
        var batch = new BatchCheckRequest { PlantId = "berlin", Checks = { Check("plc-1"), Check("hmi-1"), Check("sis-1") } };
        var refused = await Assert.ThrowsAsync<RpcException>(() => Decisions.BatchCheckAsync(batch, cell.Credential).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("checks[2]", refused.Status.Detail, StringComparison.Ordinal);
        batch.Checks.RemoveAt(2);
        Assert.Equal(2, (await Decisions.BatchCheckAsync(batch, cell.Credential)).Decisions.Count);

        // Another plant is not the point's business at all.
        var austin = await Assert.ThrowsAsync<RpcException>(() => Decisions.CheckAsync(Check("plc-1", "austin"), cell.Credential).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, austin.StatusCode);

        // A point enrolled for the whole plant, and an administrator, ask about any asset of it.
        var plantWide = await EnforcementPoint.EnrollAsync(_server, "gw-berlin", "berlin");
        Assert.NotNull((await Decisions.CheckAsync(Check("mes-1"), plantWide.Credential)).Decision);
        Assert.NotNull((await Decisions.CheckAsync(Check("sis-1"), _server.As(Role.PlantAdmin, "berlin"))).Decision);
    }

    [Fact]
    public async Task A_point_enrolled_for_one_zone_checks_flows_with_an_end_in_that_zone_only()
    {
        var cell = await EnforcementPoint.EnrollAsync(_server, "gw-cell-1", "berlin", "cell-1");

        // Into the zone, out of it, and by address: the boundary the point guards.
        Assert.NotNull((await Decisions.CheckFlowAsync(Flow(Asset("mes-1"), Asset("plc-1")), cell.Credential)).Decision);
        Assert.NotNull((await Decisions.CheckFlowAsync(Flow(Asset("plc-1"), Asset("mes-1")), cell.Credential)).Decision);
        Assert.NotNull((await Decisions.CheckFlowAsync(Flow(new FlowEndpoint { Address = "10.0.30.10" }, new FlowEndpoint { Address = "10.0.21.11" }), cell.Credential)).Decision);

        // A flow between two other zones is another point's boundary.
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => Decisions.CheckFlowAsync(Flow(Asset("erp-1"), Asset("mes-1")), cell.Credential).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, elsewhere.StatusCode);
        Assert.Contains("zone 'site-ops'", elsewhere.Status.Detail, StringComparison.Ordinal);

        // An address no asset holds lies in no zone.
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            Decisions.CheckFlowAsync(Flow(new FlowEndpoint { Address = "10.9.9.9" }, Asset("mes-1")), cell.Credential).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, unknown.StatusCode);

        var plantWide = await EnforcementPoint.EnrollAsync(_server, "gw-berlin", "berlin");
        Assert.NotNull((await Decisions.CheckFlowAsync(Flow(Asset("erp-1"), Asset("mes-1")), plantWide.Credential)).Decision);
    }

    private static CheckRequest Check(string asset, string plant = "berlin") =>
        new() { PlantId = plant, IdentityId = "vendor-tech", AssetId = asset, Operation = Operation.View };

    private static CheckFlowRequest Flow(FlowEndpoint source, FlowEndpoint destination) =>
        new() { PlantId = "berlin", Source = source, Destination = destination, Protocol = "opc-ua", Operation = "read" };

    private static FlowEndpoint Asset(string id) => new() { AssetId = id };
}
