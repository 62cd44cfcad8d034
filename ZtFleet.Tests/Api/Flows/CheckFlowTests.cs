using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Flows;

/// <summary>Flow decisions through the real DecisionService/CheckFlow, decided from the API's plant view.</summary>
public sealed class CheckFlowTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();

    private DecisionService.DecisionServiceClient Flows => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Conduits_and_declared_flows_decide_and_name_their_rule()
    {
        var read = await CheckAsync(Asset("mes-1"), Asset("plc-1"), "opc-ua", "read");
        Assert.True(read.Allow, read.Reason);
        Assert.Equal("conduit", read.Reason);
        Assert.Equal("conduit:mes-to-cell-1", read.RuleId);
        Assert.Equal(("mes-1", "site-ops", "plc-1", "cell-1"), (read.SourceAssetId, read.SourceZoneId, read.DestinationAssetId, read.DestinationZoneId));
        Assert.True(read.Epoch > 0);

        var write = await CheckAsync(Asset("mes-1"), Asset("plc-1"), "opc-ua", "write");
        Assert.False(write.Allow);
        Assert.Equal(("operation-not-allowed", "conduit:mes-to-cell-1"), (write.Reason, write.RuleId));

        // By address, into the safety zone, on the conduit that lists the operation.
        var safety = await CheckAsync(Address("10.0.30.20"), Address("10.0.11.10"), "s7comm", "read");
        Assert.True(safety.Allow, safety.Reason);
        Assert.Equal("conduit:ews-to-safety", safety.RuleId);

        // Inside the cell, the declared flow; port 0 means the protocol's own.
        var inside = await CheckAsync(Asset("hmi-1"), Asset("plc-1"), "modbus-tcp", "fc6");
        Assert.True(inside.Allow, inside.Reason);
        Assert.Equal(("declared-flow", "flow:hmi-drives-plc-1"), (inside.Reason, inside.RuleId));

        var direct = await CheckAsync(Asset("erp-1"), Asset("plc-1"), "modbus-tcp", "read");
        Assert.Equal((false, "no-conduit-between-zones", string.Empty), (direct.Allow, direct.Reason, direct.RuleId));

        var unknown = await CheckAsync(Address("10.9.9.9"), Asset("plc-1"), "modbus-tcp", "read");
        Assert.Equal((false, "unknown-source"), (unknown.Allow, unknown.Reason));
    }

    [Fact]
    public async Task A_changed_conduit_decides_from_the_new_definition_at_its_epoch()
    {
        var before = await CheckAsync(Asset("mes-1"), Asset("plc-1"), "opc-ua", "write");
        Assert.False(before.Allow);

        await ApplyAsync(TestFleets.TwoPlants.Replace("operations: [read, browse, subscribe]", "operations: [read, browse, subscribe, write]", StringComparison.Ordinal));

        var after = await CheckAsync(Asset("mes-1"), Asset("plc-1"), "opc-ua", "write", atLeastEpoch: before.Epoch + 1);
        Assert.True(after.Allow, after.Reason);
        Assert.True(after.Epoch > before.Epoch);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_every_field_violation()
    {
        var request = new CheckFlowRequest
        {
            PlantId = "berlin",
            Destination = Address("10.0.021.11"),
            Protocol = "modbus",
            Port = 70000,
            IdentityId = "Not An Id",
            AtLeastEpoch = -1,
        };

        var ex = await Assert.ThrowsAsync<RpcException>(() => Flows.CheckFlowAsync(request, _server.As(Role.FleetAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["source", "destination.address", "protocol", "port", "identity_id", "at_least_epoch"], fields);
    }

    [Fact]
    public async Task Only_callers_that_can_see_the_plant_get_an_answer()
    {
        var request = Request(Asset("mes-1"), Asset("plc-1"), "opc-ua", "read");

        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => Flows.CheckFlowAsync(request, _server.As(Role.PlantAdmin, "austin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, elsewhere.StatusCode);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Flows.CheckFlowAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);

        Assert.True((await Flows.CheckFlowAsync(request, _server.As(Role.PlantAdmin, "berlin"))).Decision.Allow);
        Assert.True((await Flows.CheckFlowAsync(request, _server.As(Role.Auditor))).Decision.Allow);
    }

    private static FlowEndpoint Asset(string id) => new() { AssetId = id };

    private static FlowEndpoint Address(string ip) => new() { Address = ip };

    private static CheckFlowRequest Request(FlowEndpoint source, FlowEndpoint destination, string protocol, string operation, long atLeastEpoch = 0) =>
        new()
        {
            PlantId = "berlin",
            Source = source,
            Destination = destination,
            Protocol = protocol,
            Operation = operation,
            AtLeastEpoch = atLeastEpoch,
        };

    private async Task<FlowDecision> CheckAsync(FlowEndpoint source, FlowEndpoint destination, string protocol, string operation, long atLeastEpoch = 0) =>
        (await Flows.CheckFlowAsync(Request(source, destination, protocol, operation, atLeastEpoch), _server.As(Role.FleetAdmin))).Decision;

    private Task ApplyAsync(string document) =>
        new FleetService.FleetServiceClient(_server.Channel).ApplyFleetAsync(new ApplyFleetRequest { Document = document }, _server.As(Role.FleetAdmin)).ResponseAsync;
}
