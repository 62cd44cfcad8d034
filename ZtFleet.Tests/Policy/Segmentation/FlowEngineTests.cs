using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Segmentation;

/// <summary>What the case file cannot say: the decision's resolved ends, and defaults.</summary>
public sealed class FlowEngineTests
{
    private static readonly FlowModel Model = FlowModel.Create(FlowCaseFile.Load("press-shop-flows.yaml").PlantSpec());
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_decision_names_the_resolved_assets_and_zones()
    {
        var decision = FlowEngine.Decide(
            new FlowRequest(FlowEndpoint.OfAddress(" 10.0.30.10 "), FlowEndpoint.OfAsset(AssetId.Parse("plc-a1")), Protocol.ModbusTcp, 502, "read"),
            Model,
            Now);

        Assert.True(decision.IsAllowed);
        Assert.Equal(AssetId.Parse("mes-1"), decision.SourceAsset);
        Assert.Equal(ZoneId.Parse("ops"), decision.SourceZone);
        Assert.Equal(AssetId.Parse("plc-a1"), decision.DestinationAsset);
        Assert.Equal(ZoneId.Parse("cell-a"), decision.DestinationZone);
    }

    [Fact]
    public void An_unresolved_destination_still_names_the_source()
    {
        var decision = FlowEngine.Decide(
            new FlowRequest(FlowEndpoint.OfAsset(AssetId.Parse("mes-1")), FlowEndpoint.OfAddress("10.1.1.1"), Protocol.Https, 443),
            Model,
            Now);

        Assert.Equal(FlowReasons.UnknownDestination, decision.Reason);
        Assert.Equal(AssetId.Parse("mes-1"), decision.SourceAsset);
        Assert.Null(decision.DestinationAsset);
    }

    [Fact]
    public void The_default_decision_and_an_empty_request_are_denials()
    {
        Assert.False(default(FlowDecision).IsAllowed);

        var decision = FlowEngine.Decide(default, Model, Now);

        Assert.Equal(DecisionEffect.Deny, decision.Effect);
        Assert.Equal(FlowReasons.InvalidRequest, decision.Reason);
        Assert.Equal(FlowReasons.UnknownSource, FlowEngine.Decide(new FlowRequest(default, default, Protocol.Https, 443), Model, Now).Reason);
    }
}
