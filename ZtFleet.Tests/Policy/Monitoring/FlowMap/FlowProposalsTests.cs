using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.FlowMap;
using ZtFleet.Policy.Segmentation;
using static ZtFleet.Tests.Policy.Monitoring.FlowMap.ObservedSamples;

namespace ZtFleet.Tests.Policy.Monitoring.FlowMap;

public sealed class FlowProposalsTests
{
    [Fact]
    public void Between_zones_a_conduit_narrowed_to_the_two_assets_allows_exactly_the_observed_operation_and_port()
    {
        var proposal = FlowProposals.Propose(Berlin, [EwsWritesModbus], Now);

        Assert.Empty(proposal.Refusals);
        var change = Assert.Single(proposal.Changes);
        Assert.Equal((ProposalKind.AddConduit, "conduit:ews-1-to-plc-1-modbus-tcp"), (change.Kind, change.RuleId));
        Assert.Equal((CoverageStatus.NotCovered, CoverageStatus.Covered), (change.Before.Status, change.After.Status));
        var conduit = proposal.Plant.Conduits.Single(c => c.Id.Value == "ews-1-to-plc-1-modbus-tcp");
        Assert.Equal(("site-ops", "cell-1", Protocol.ModbusTcp, 502), (conduit.From.Value, conduit.To.Value, conduit.Protocol, conduit.Port));
        Assert.Equal(["fc16"], conduit.Operations);
        Assert.Equal([AssetId.Parse("ews-1")], conduit.FromAssets);
        Assert.Equal([AssetId.Parse("plc-1")], conduit.ToAssets);
        Assert.Equal(ConduitDirection.FromTo, conduit.Direction);
        Assert.Empty(FleetDocumentValidator.Validate(new FleetDocument("f", [proposal.Plant], [])));

        // Least privilege: the observed write passes, a read it never did does not, nor does the MES next to it.
        var model = FlowModel.Create(proposal.Plant);
        Assert.True(Decide(model, "ews-1", "plc-1", "fc16").IsAllowed);
        Assert.False(Decide(model, "ews-1", "plc-1", "fc3").IsAllowed);
        Assert.False(Decide(model, "mes-1", "plc-1", "fc16").IsAllowed);
    }

    [Fact]
    public void Only_the_operations_nothing_allows_yet_are_proposed()
    {
        var proposal = FlowProposals.Propose(Berlin, [MesReadsAndWrites], Now);

        var change = Assert.Single(proposal.Changes);
        Assert.Equal(["write"], change.Operations);
        Assert.Equal(CoverageStatus.PartlyCovered, change.Before.Status);
        Assert.Equal(CoverageStatus.Covered, change.After.Status);
    }

    [Fact]
    public void Inside_a_zone_a_declared_flow_is_proposed_and_a_later_operation_extends_it()
    {
        var s7 = Seen("10.0.21.20", "10.0.21.11", 102, "s7comm", ("read", 9));
        var first = FlowProposals.Propose(Berlin, [s7], Now);

        var added = Assert.Single(first.Changes);
        Assert.Equal((ProposalKind.AddFlow, "flow:hmi-1-to-plc-1-s7comm"), (added.Kind, added.RuleId));
        var flow = first.Plant.Flows.Single(f => f.Id.Value == "hmi-1-to-plc-1-s7comm");
        Assert.Equal(["read"], flow.Operations);
        Assert.Contains("observed 9 time(s)", flow.Purpose, StringComparison.Ordinal);

        var second = FlowProposals.Propose(first.Plant, [Seen("10.0.21.20", "10.0.21.11", 102, "s7comm", ("read", 9), ("write", 1))], Now);

        var extended = Assert.Single(second.Changes);
        Assert.Equal((ProposalKind.ExtendFlow, "flow:hmi-1-to-plc-1-s7comm"), (extended.Kind, extended.RuleId));
        Assert.Equal(["read", "write"], second.Plant.Flows.Single(f => f.Id.Value == "hmi-1-to-plc-1-s7comm").Operations);
        Assert.Equal(first.Plant.Flows.Count, second.Plant.Flows.Count);
    }

    [Fact]
    public void A_narrowed_conduit_proposed_before_is_extended_not_duplicated()
    {
        var first = FlowProposals.Propose(Berlin, [EwsWritesModbus], Now).Plant;

        var second = FlowProposals.Propose(first, [Seen("10.0.30.20", "10.0.21.11", 502, "modbus-tcp", ("fc16", 1), ("fc5", 1))], Now);

        Assert.Equal(ProposalKind.ExtendConduit, Assert.Single(second.Changes).Kind);
        Assert.Equal(["fc16", "fc5"], second.Plant.Conduits.Single(c => c.Id.Value == "ews-1-to-plc-1-modbus-tcp").Operations);
        Assert.Equal(first.Conduits.Count, second.Plant.Conduits.Count);
    }

    [Fact]
    public void A_covered_flow_changes_nothing()
    {
        var proposal = FlowProposals.Propose(Berlin, [HmiPollsPlc], Now);

        Assert.Equal(ProposalKind.AlreadyCovered, Assert.Single(proposal.Changes).Kind);
        Assert.False(proposal.ChangesAnything);
        Assert.Equal(Berlin.Flows.Count, proposal.Plant.Flows.Count);
    }

    [Fact]
    public void Flows_that_cannot_become_policy_are_refused_each_with_what_to_do()
    {
        var chosen = new[]
        {
            EwsWritesModbus,
            LaptopReadsPlc,
            Seen("10.0.21.11", "10.0.99.8", 502, "modbus-tcp", ("fc3", 1)),
            Seen("10.0.30.20", "10.0.21.11", 502, "modbus-tcp"),
            Seen("10.0.30.20", "10.0.21.11", 40000, null),
            Seen("10.0.30.20", "10.0.21.11", null, null),
        };

        var plant = Berlin;
        var proposal = FlowProposals.Propose(plant, chosen, Now);

        Assert.Empty(proposal.Changes);
        Assert.Same(plant, proposal.Plant);
        Assert.Equal([1, 2, 3, 4, 5], proposal.Refusals.Select(r => r.Index));
        Assert.Contains("10.0.99.7 is not in the inventory", proposal.Refusals[0].Reason, StringComparison.Ordinal);
        Assert.Contains("inventory it first", proposal.Refusals[0].Reason, StringComparison.Ordinal);
        Assert.Contains("destination 10.0.99.8", proposal.Refusals[1].Reason, StringComparison.Ordinal);
        Assert.Contains("no modbus-tcp operations", proposal.Refusals[2].Reason, StringComparison.Ordinal);
        Assert.Contains("did not name the flow's protocol", proposal.Refusals[3].Reason, StringComparison.Ordinal);
        Assert.Contains("no destination port", proposal.Refusals[4].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_it_protocol_inside_a_zone_is_declared_without_operations()
    {
        var proposal = FlowProposals.Propose(Berlin, [Seen("10.0.30.10", "10.0.30.20", 22, "ssh")], Now);

        var change = Assert.Single(proposal.Changes);
        Assert.Equal(ProposalKind.AddFlow, change.Kind);
        Assert.Empty(change.Operations);
        Assert.Null(proposal.Plant.Flows.Single(f => f.Id.Value == "mes-1-to-ews-1-ssh").Operations);
        Assert.Equal(CoverageStatus.Covered, change.After.Status);
    }

    [Fact]
    public void Long_asset_ids_give_a_valid_rule_id_that_no_other_rule_has()
    {
        var longId = new string('a', 60);
        var plant = Berlin with
        {
            Assets = [.. Berlin.Assets.Select(a => a.Id.Value == "ews-1" ? a with { Id = AssetId.Parse(longId) } : a)],
            Conduits = [.. Berlin.Conduits.Select(c => c.Id.Value == "ews-to-cell-1" || c.Id.Value == "ews-to-safety" ? c with { FromAssets = [AssetId.Parse(longId)] } : c)],
        };
        var flow = EwsWritesModbus with { Source = EwsWritesModbus.Source with { Asset = AssetId.Parse(longId) } };
        var other = flow with { Destination = ObservedSamples.Host("10.0.21.20", 502) };

        var proposal = FlowProposals.Propose(plant, [flow, other], Now);

        var ids = proposal.Changes.Select(c => c.RuleId!).ToList();
        Assert.All(ids, id => Assert.True(EntityId.IsValid(id["conduit:".Length..]), id));
        Assert.Equal(2, ids.Distinct().Count());
        Assert.Empty(FleetDocumentValidator.Validate(new FleetDocument("f", [proposal.Plant], [])));
    }

    private static FlowDecision Decide(FlowModel model, string from, string to, string operation) =>
        FlowEngine.Decide(new FlowRequest(FlowEndpoint.OfAsset(AssetId.Parse(from)), FlowEndpoint.OfAsset(AssetId.Parse(to)), Protocol.ModbusTcp, 502, operation), model, Now);
}
