using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Policy.Access;

/// <summary>What a temporary access request must meet, and how many approvers it needs.</summary>
public sealed class TemporaryAccessRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly PlantSpec Berlin = FleetDocumentReader.Read(TestFleets.TwoPlants).Document!.Plants.Single(p => p.Id.Value == "berlin");

    [Theory]
    [InlineData("sis-1", null, 2)]
    [InlineData(null, "safety", 2)]
    [InlineData("plc-1", null, 1)]
    [InlineData(null, "cell-1", 1)]
    public void Safety_targets_need_two_distinct_approvers(string? asset, string? zone, int expected)
    {
        var approvals = TemporaryAccessRules.RequiredApprovals(
            Berlin, FleetPolicy.Default, zone is null ? [] : [ZoneId.Parse(zone)], asset is null ? [] : [AssetId.Parse(asset)]);

        Assert.Equal(expected, approvals);
    }

    [Fact]
    public void The_policy_can_ask_for_more_safety_approvers_never_fewer_than_two()
    {
        Assert.Equal(3, TemporaryAccessRules.RequiredApprovals(Berlin, FleetPolicy.Default with { SafetyApprovers = 3 }, [], [AssetId.Parse("sis-1")]));
    }

    [Fact]
    public void Every_problem_of_a_request_is_reported_at_once()
    {
        var problems = TemporaryAccessRules.Check(
            Berlin, FleetPolicy.Default, [Operation.Unspecified], [ZoneId.Parse("nowhere")], [AssetId.Parse("ghost")],
            Now, Now.AddHours(100), " ", Now);

        Assert.Equal(["operations", "zones", "assets", "not_after", "justification"], problems.Select(p => p.Field));
        Assert.Contains("72 hours", problems.Single(p => p.Field == "not_after").Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sound_request_has_no_problem()
    {
        Assert.Empty(TemporaryAccessRules.Check(
            Berlin, FleetPolicy.Default, [Operation.Program], [], [AssetId.Parse("plc-1")], Now, Now.AddHours(4), "firmware update", Now));
    }
}
