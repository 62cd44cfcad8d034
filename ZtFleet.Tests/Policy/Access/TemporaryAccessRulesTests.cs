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

    [Theory]
    [InlineData(89, 8, null)]
    [InlineData(0, 1, null)]
    [InlineData(91, 8, "not_before")]
    [InlineData(89, 24 + 8, "not_after")]
    public void A_window_lies_within_the_horizon_ahead(int startDays, int hours, string? refused)
    {
        var notBefore = Now.AddDays(startDays);

        var problems = TemporaryAccessRules.CheckWindow(notBefore, notBefore.AddHours(hours), Now, TimeSpan.FromDays(90));

        Assert.Equal(refused is null ? [] : [refused], problems.Select(p => p.Field));
        Assert.All(problems, p => Assert.Contains("90 days ahead (until 2027-02-24T08:00:00Z)", p.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void A_window_in_the_year_9999_is_beyond_any_horizon()
    {
        var start = new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

        var problems = TemporaryAccessRules.CheckWindow(start, start.AddHours(8), Now, TemporaryAccessRules.DefaultMaxWindowAhead);

        Assert.Equal("not_before", Assert.Single(problems).Field);
    }

    [Fact]
    public void A_window_before_2000_is_refused_whatever_the_horizon()
    {
        var start = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var window = TemporaryAccessRules.CheckWindow(start, start.AddHours(8), Now, TemporaryAccessRules.DefaultMaxWindowAhead);
        var request = TemporaryAccessRules.Check(Berlin, FleetPolicy.Default, [Operation.Program], [], [AssetId.Parse("plc-1")], start, start.AddHours(8), "why", Now);

        Assert.Equal(["not_before", "not_after"], window.Select(p => p.Field));
        Assert.Contains(request, p => p.Field == "not_before" && p.Description == "The window may not start before 2000-01-01T00:00:00Z.");
    }

    [Fact]
    public void The_horizon_is_configurable()
    {
        Assert.Empty(TemporaryAccessRules.CheckWindow(Now.AddDays(300), Now.AddDays(300).AddHours(8), Now, TimeSpan.FromDays(365)));
        Assert.Equal("not_before", Assert.Single(TemporaryAccessRules.CheckWindow(Now.AddDays(2), Now.AddDays(2).AddHours(8), Now, TimeSpan.FromDays(1))).Field);
    }
}
