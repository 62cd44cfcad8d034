using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.FlowMap;
using ZtFleet.Policy.Segmentation;
using static ZtFleet.Tests.Policy.Monitoring.FlowMap.ObservedSamples;

namespace ZtFleet.Tests.Policy.Monitoring.FlowMap;

public sealed class FlowCoverageTests
{
    [Fact]
    public void A_flow_inside_a_zone_is_covered_by_its_declared_flow_and_marks_it_observed()
    {
        var judged = FlowCoverage.Judge(Berlin, HmiPollsPlc, Now);

        Assert.Equal(CoverageStatus.Covered, judged.Status);
        Assert.Equal(["fc3", "fc6"], judged.Operations.Select(o => o.Operation));
        Assert.All(judged.Operations, o => Assert.Equal(("declared-flow", "flow:hmi-drives-plc-1"), (o.Reason, o.RuleId)));
        Assert.Equal([FlowId.Parse("hmi-drives-plc-1")], judged.DeclaredFlows);
        Assert.Empty(judged.UncoveredOperations);
    }

    [Fact]
    public void An_operation_the_conduit_does_not_list_makes_the_flow_partly_covered()
    {
        var judged = FlowCoverage.Judge(Berlin, MesReadsAndWrites, Now);

        Assert.Equal(CoverageStatus.PartlyCovered, judged.Status);
        Assert.Equal(["write"], judged.UncoveredOperations);
        Assert.Equal(["conduit:mes-to-cell-1"], judged.CoveringRules);
        Assert.Equal(FlowReasons.OperationNotAllowed, judged.Reason);
        Assert.Equal([FlowId.Parse("mes-reads-plc-1")], judged.DeclaredFlows);
    }

    [Fact]
    public void A_protocol_no_conduit_carries_is_not_covered_and_says_why_as_check_flow_would()
    {
        var judged = FlowCoverage.Judge(Berlin, EwsWritesModbus, Now);

        Assert.Equal(CoverageStatus.NotCovered, judged.Status);
        Assert.Equal(["fc16"], judged.UncoveredOperations);
        Assert.Equal(FlowReasons.ProtocolNotAllowed, judged.Reason);
        Assert.Empty(judged.DeclaredFlows);
    }

    [Fact]
    public void An_uninventoried_end_is_shown_by_its_address_and_covered_by_nothing()
    {
        var judged = FlowCoverage.Judge(Berlin, LaptopReadsPlc, Now);

        Assert.Equal(CoverageStatus.NotCovered, judged.Status);
        Assert.True(judged.Uninventoried);
        Assert.Null(judged.Source);
        Assert.Equal(AssetId.Parse("plc-1"), judged.Destination);
        Assert.Equal(FlowReasons.UnknownSource, judged.Reason);
    }

    [Fact]
    public void A_host_inventoried_after_it_was_observed_counts_as_the_asset_it_now_is()
    {
        var plant = Berlin with { Assets = [.. Berlin.Assets, Berlin.Assets.Single(a => a.Id.Value == "hmi-1") with { Id = AssetId.Parse("hmi-2"), Ip = "10.0.99.7" }] };

        var judged = FlowCoverage.Judge(plant, LaptopReadsPlc, Now);

        Assert.Equal(AssetId.Parse("hmi-2"), judged.Source);
        Assert.Equal(FlowReasons.NoDeclaredFlow, judged.Reason);
    }

    [Fact]
    public void A_connection_seen_without_operations_is_covered_when_some_operation_would_pass()
    {
        var connection = Seen("10.0.30.10", "10.0.21.11", 4840, "opc-ua");
        var other = Seen("10.0.30.20", "10.0.21.11", 4840, "opc-ua");

        Assert.Equal(CoverageStatus.Covered, FlowCoverage.Judge(Berlin, connection, Now).Status);
        Assert.Equal(FlowReasons.SourceNotAllowed, FlowCoverage.Judge(Berlin, other, Now).Reason);
    }

    [Fact]
    public void A_flow_whose_protocol_the_telemetry_did_not_name_is_judged_by_the_rules_on_its_port()
    {
        var unnamed = Seen("10.0.30.20", "10.0.21.11", 102, null);
        var icmp = Seen("10.0.30.20", "10.0.21.11", null, null);
        var nowhere = Seen("10.0.30.20", "10.0.21.11", 40000, null);

        var judged = FlowCoverage.Judge(Berlin, unnamed, Now);
        Assert.Equal((CoverageStatus.Covered, Protocol.S7comm), (judged.Status, judged.Protocol));
        Assert.Equal(FlowCoverage.NoPort, FlowCoverage.Judge(Berlin, icmp, Now).Reason);
        Assert.Equal(FlowCoverage.UnknownProtocol, FlowCoverage.Judge(Berlin, nowhere, Now).Reason);
    }

    [Fact]
    public void A_conduit_with_conditions_covers_conditionally()
    {
        var plant = Berlin with
        {
            Conduits = [.. Berlin.Conduits.Select(c => c.Id.Value == "ews-to-cell-1" ? c with { Conditions = new ConduitConditions(ActiveGrant: true) } : c)],
        };

        var judged = FlowCoverage.Judge(plant, Seen("10.0.30.20", "10.0.21.11", 102, "s7comm", ("download", 1)), Now);

        Assert.Equal(CoverageStatus.Covered, judged.Status);
        var download = Assert.Single(judged.Operations);
        Assert.True(download.Conditional);
        Assert.Equal(("identity-required", "conduit:ews-to-cell-1"), (download.Reason, download.RuleId));
    }

    [Fact]
    public void Declared_versus_observed_lists_uncovered_first_and_the_declared_flows_and_conduits_nothing_used()
    {
        var compared = FlowCoverage.Compare(Berlin, [HmiPollsPlc, MesReadsAndWrites, EwsWritesModbus, LaptopReadsPlc], Now);

        Assert.Equal(
            [CoverageStatus.NotCovered, CoverageStatus.NotCovered, CoverageStatus.PartlyCovered, CoverageStatus.Covered],
            compared.Observed.Select(o => o.Status));
        Assert.Equal(LaptopReadsPlc.Key, compared.Observed[0].Flow.Key); // more events first
        Assert.Empty(compared.UnobservedFlows);
        Assert.Equal(["hmi-drives-plc-1", "mes-reads-plc-1"], compared.ObservedFlows.Select(f => f.Value));
        Assert.Equal(["dmz-to-ops", "ews-to-cell-1", "ews-to-safety", "it-to-dmz"], compared.UnusedConduits.Select(c => c.Value));

        var onlyHmi = FlowCoverage.Compare(Berlin, [HmiPollsPlc], Now);
        Assert.Equal(["mes-reads-plc-1"], onlyHmi.UnobservedFlows.Select(f => f.Value));
    }
}
