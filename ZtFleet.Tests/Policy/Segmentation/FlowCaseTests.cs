using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Segmentation;

/// <summary>Runs every case of <c>Cases/press-shop-flows.yaml</c> as its own test.</summary>
public sealed class FlowCaseTests
{
    private static readonly Lazy<FlowCaseFile> PressShop = new(() => FlowCaseFile.Load("press-shop-flows.yaml"));

    private static readonly Lazy<FlowModel> Model = new(() => FlowModel.Create(PressShop.Value.PlantSpec()));

    public static TheoryData<string> PressShopCases()
    {
        var data = new TheoryData<string>();
        foreach (var entry in PressShop.Value.Cases)
        {
            data.Add(entry.Name);
        }

        return data;
    }

    [Fact]
    public void Case_names_are_unique_and_every_reason_is_pinned()
    {
        var cases = PressShop.Value.Cases;
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());

        var reasons = typeof(FlowReasons).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var pinned = cases.Select(c => c.Reason ?? (c.Expect == "allow" ? null : "?")).OfType<string>().ToHashSet();
        pinned.UnionWith(cases.Where(c => c.Expect == "allow").Select(c => c.Rule!.StartsWith("flow:", StringComparison.Ordinal) ? FlowReasons.DeclaredFlow : FlowReasons.Conduit));
        Assert.Empty(reasons.Except(pinned));
    }

    [Theory]
    [MemberData(nameof(PressShopCases))]
    public void Press_shop_flow(string name)
    {
        var entry = PressShop.Value.Cases.Single(c => c.Name == name);

        var decision = FlowEngine.Decide(entry.Request(), Model.Value);

        var said = $"{name}: {decision.Effect} {decision.Reason} {decision.RuleId}";
        Assert.True(entry.Expect == (decision.IsAllowed ? "allow" : "deny"), $"expected {entry.Expect}; {said}");
        Assert.True(entry.Reason is null || entry.Reason == decision.Reason, $"expected reason {entry.Reason}; {said}");
        Assert.True(
            entry.Rule is null || (entry.Rule == "none" ? decision.RuleId is null : entry.Rule == decision.RuleId),
            $"expected rule {entry.Rule}; {said}");
    }
}
