using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Tests.Infrastructure;
using static ZtFleet.Tests.Policy.Monitoring.FlowMap.ObservedSamples;

namespace ZtFleet.Tests.Api.FlowMap;

/// <summary>
/// Declared versus observed in FleetService/GetFlowMap and ProposeFlows through the real API; observed flows are
/// seeded through the plant's observed flow grain, as the telemetry sender grain records them.
/// </summary>
public sealed class ObservedFlowMapTests : IAsyncLifetime
{
    private readonly ApiServer _server = new()
    {
        ConfigureSilo = silo => silo.Services.Configure<ObservedFlowOptions>(o => o.MaxFlowsPerPlant = 10),
    };

    private FleetService.FleetServiceClient Fleet => new(_server.Channel);

    private DecisionService.DecisionServiceClient Decisions => new(_server.Channel);

    private IObservedFlowGrain Observed => _server.ApiServices.GetRequiredService<IClusterClient>().GetGrain<IObservedFlowGrain>("berlin");

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, _server.As(Role.FleetAdmin));
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_client_that_does_not_ask_for_observed_flows_gets_the_map_it_always_got()
    {
        var admin = _server.As(Role.FleetAdmin);
        var request = new GetFlowMapRequest { PlantId = "berlin", Format = FlowMapFormat.Mermaid };
        var before = await Fleet.GetFlowMapAsync(request, admin);

        await Observed.RecordAsync([HmiPollsPlc, EwsWritesModbus, LaptopReadsPlc]);
        var after = await Fleet.GetFlowMapAsync(request, admin);

        Assert.Equal(before, after);
        Assert.Empty(after.ObservedFlows);
    }

    [Fact]
    public async Task The_map_marks_undeclared_observed_flows_and_declared_flows_never_observed()
    {
        await Observed.RecordAsync([HmiPollsPlc, MesReadsAndWrites, EwsWritesModbus, LaptopReadsPlc]);

        var map = await Fleet.GetFlowMapAsync(
            new GetFlowMapRequest { PlantId = "berlin", Format = FlowMapFormat.Graphviz, IncludeObserved = true }, _server.As(Role.Auditor));

        Assert.Equal((4, 3), (map.ObservedTotal, map.ObservedNotCovered));
        var laptop = map.ObservedFlows[0];
        Assert.Equal((FlowCoverage.NotCovered, "10.0.99.7", "", "plc-1"), (laptop.Coverage, laptop.Source.Address, laptop.Source.AssetId, laptop.Destination.AssetId));
        Assert.Equal("unknown-source", laptop.Reason);
        var ews = map.ObservedFlows.Single(f => f.Key == EwsWritesModbus.Key);
        Assert.Equal(["fc16"], ews.UncoveredOperations);
        Assert.Equal("protocol-not-allowed", ews.Reason);
        var mes = map.ObservedFlows.Single(f => f.Key == MesReadsAndWrites.Key);
        Assert.Equal((FlowCoverage.PartlyCovered, "write"), (mes.Coverage, mes.UncoveredOperations.Single()));
        Assert.Equal(["conduit:mes-to-cell-1"], mes.CoveringRuleIds);
        Assert.Equal(["mes-reads-plc-1"], mes.DeclaredFlowIds);
        var hmi = map.ObservedFlows.Single(f => f.Key == HmiPollsPlc.Key);
        Assert.Equal((FlowCoverage.Covered, 1204L, "modbus-tcp", 502), (hmi.Coverage, hmi.Events, hmi.Protocol, hmi.Port));
        Assert.Equal([("fc3", 1200L, true), ("fc6", 4L, true)], hmi.Operations.Select(o => (o.Operation, o.Count, o.Covered)));

        Assert.Empty(map.UnobservedFlowIds);
        Assert.Equal(["hmi-drives-plc-1", "mes-reads-plc-1"], map.ObservedFlowIds);
        Assert.Contains("ews-to-cell-1", map.UnusedConduitIds);
        Assert.Contains("cluster_legend", map.Text, StringComparison.Ordinal);
        Assert.Contains("10.0.99.7", map.Text, StringComparison.Ordinal);

        var limited = await Fleet.GetFlowMapAsync(new GetFlowMapRequest { PlantId = "berlin", IncludeObserved = true, MaxObserved = 1 }, _server.As(Role.FleetAdmin));
        Assert.Equal((1, 4), (limited.ObservedFlows.Count, limited.ObservedTotal));
    }

    [Fact]
    public async Task A_plant_keeps_a_bounded_number_of_flows_and_counts_the_events_it_did_not_keep()
    {
        var scans = Enumerable.Range(1, 12).Select(i => Seen($"10.0.99.{i}", "10.0.21.11", 502, "modbus-tcp", ("fc3", 5))).ToList();
        await Observed.RecordAsync(scans);
        await Observed.RecordAsync([scans[0]]);

        var kept = await Observed.ReadAsync();
        var map = await Fleet.GetFlowMapAsync(new GetFlowMapRequest { PlantId = "berlin", IncludeObserved = true }, _server.As(Role.FleetAdmin));

        Assert.Equal((10, 10), (kept.Flows.Count, kept.Limit));
        Assert.Equal(10L, kept.EventsNotKept);
        Assert.Equal(10L, kept.Flows.Single(f => f.Key == scans[0].Key).Events);
        Assert.Equal(10L, map.ObservedEventsNotKept);
    }

    [Fact]
    public async Task A_proposal_applied_through_apply_fleet_declares_the_flow_with_least_privilege()
    {
        var admin = _server.As(Role.PlantAdmin, "berlin");
        await Observed.RecordAsync([EwsWritesModbus, HmiPollsPlc]);
        Assert.False((await CheckAsync("ews-1", "plc-1", "fc16")).Allow);

        var proposal = await Fleet.ProposeFlowsAsync(new ProposeFlowsRequest { PlantId = "berlin", FlowKeys = { EwsWritesModbus.Key, HmiPollsPlc.Key } }, admin);

        Assert.Equal(
            [(FlowProposalKind.AddConduit, "conduit:ews-1-to-plc-1-modbus-tcp", FlowCoverage.NotCovered, FlowCoverage.Covered), (FlowProposalKind.AlreadyCovered, "", FlowCoverage.Covered, FlowCoverage.Covered)],
            proposal.Proposals.Select(p => (p.Kind, p.RuleId, p.Before, p.After)));
        Assert.Equal(["fc16"], proposal.Proposals[0].Operations);
        var change = Assert.Single(proposal.Changes);
        Assert.Equal((ChangeKind.Added, EntityKind.Conduit, "berlin", "ews-1-to-plc-1-modbus-tcp"), (change.Change, change.Kind, change.PlantId, change.Id));
        Assert.Contains("+  - id: ews-1-to-plc-1-modbus-tcp", proposal.Diff.Replace("    ", "  ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\n-", proposal.Diff, StringComparison.Ordinal);
        Assert.Empty(proposal.FlowImpacts); // no declared flow's decision turns
        Assert.Contains("fc16", proposal.Document, StringComparison.Ordinal);

        // Nothing is applied until the admin applies the document, like any other change.
        Assert.False((await CheckAsync("ews-1", "plc-1", "fc16")).Allow);
        var applied = await Fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = proposal.Document }, admin);
        Assert.True(applied.Applied);
        var epoch = applied.Epochs.Single(e => e.PlantId == "berlin").Epoch;

        var write = await CheckAsync("ews-1", "plc-1", "fc16", epoch);
        Assert.True(write.Allow, write.Reason);
        Assert.Equal("conduit:ews-1-to-plc-1-modbus-tcp", write.RuleId);
        Assert.False((await CheckAsync("ews-1", "plc-1", "fc3", epoch)).Allow);
        Assert.False((await CheckAsync("mes-1", "plc-1", "fc16", epoch)).Allow);
        var map = await Fleet.GetFlowMapAsync(new GetFlowMapRequest { PlantId = "berlin", IncludeObserved = true }, admin);
        Assert.Equal(0, map.ObservedNotCovered);
        Assert.Equal(["conduit:ews-1-to-plc-1-modbus-tcp"], map.ObservedFlows.Single(f => f.Key == EwsWritesModbus.Key).CoveringRuleIds);

        // Proposed again, nothing is left to declare, and the rest of the fleet is as it was.
        var again = await Fleet.ProposeFlowsAsync(new ProposeFlowsRequest { PlantId = "berlin", FlowKeys = { EwsWritesModbus.Key } }, admin);
        Assert.Equal(FlowProposalKind.AlreadyCovered, again.Proposals.Single().Kind);
        Assert.Empty(again.Changes);
        Assert.Equal(string.Empty, again.Diff);
        Assert.Equal(1, (await Fleet.ListPlantsAsync(new ListPlantsRequest(), _server.As(Role.FleetAdmin))).Plants.Single(p => p.PlantId == "austin").Assets);
    }

    [Fact]
    public async Task A_flow_with_an_uninventoried_end_is_refused_with_what_to_do_and_nothing_is_proposed()
    {
        await Observed.RecordAsync([EwsWritesModbus, LaptopReadsPlc]);

        var ex = await Assert.ThrowsAsync<RpcException>(() => Fleet.ProposeFlowsAsync(
            new ProposeFlowsRequest { PlantId = "berlin", FlowKeys = { EwsWritesModbus.Key, LaptopReadsPlc.Key, "[10.9.9.9]>plc-1:502/tcp/modbus-tcp" } },
            _server.As(Role.FleetAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violations = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Equal(["flow_keys[2]"], violations.Select(v => v.Field));

        ex = await Assert.ThrowsAsync<RpcException>(() => Fleet.ProposeFlowsAsync(
            new ProposeFlowsRequest { PlantId = "berlin", FlowKeys = { EwsWritesModbus.Key, LaptopReadsPlc.Key } }, _server.As(Role.FleetAdmin)).ResponseAsync);
        var refusal = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single();
        Assert.Equal("flow_keys[1]", refusal.Field);
        Assert.Contains("inventory it first", refusal.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_may_propose_is_who_may_preview_or_apply_to_the_plant()
    {
        await Observed.RecordAsync([EwsWritesModbus]);
        var request = new ProposeFlowsRequest { PlantId = "berlin", FlowKeys = { EwsWritesModbus.Key } };

        Assert.NotEmpty((await Fleet.ProposeFlowsAsync(request, _server.As(Role.Auditor))).Document);
        Assert.NotEmpty((await Fleet.ProposeFlowsAsync(request, _server.As(Role.PlantAdmin, "berlin"))).Document);
        var approver = await Assert.ThrowsAsync<RpcException>(() => Fleet.ProposeFlowsAsync(request, _server.As(Role.Approver, "berlin")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, approver.StatusCode);
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => Fleet.ProposeFlowsAsync(request, _server.As(Role.PlantAdmin, "austin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, elsewhere.StatusCode);
        var empty = await Assert.ThrowsAsync<RpcException>(() => Fleet.ProposeFlowsAsync(new ProposeFlowsRequest { PlantId = "berlin" }, _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    private async Task<FlowDecision> CheckAsync(string from, string to, string operation, long atLeastEpoch = 0) =>
        (await Decisions.CheckFlowAsync(
            new CheckFlowRequest
            {
                PlantId = "berlin",
                Source = new FlowEndpoint { AssetId = from },
                Destination = new FlowEndpoint { AssetId = to },
                Protocol = "modbus-tcp",
                Port = 502,
                Operation = operation,
                AtLeastEpoch = atLeastEpoch,
            },
            _server.As(Role.FleetAdmin))).Decision;
}
