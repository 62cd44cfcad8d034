using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Segmentation;

/// <summary>Runs every case of the files in <c>Cases/</c> as its own test.</summary>
public sealed class FlowCaseTests
{
    private static readonly string[] Files = ["press-shop-flows.yaml", "conditions-and-quarantines.yaml"];

    private static readonly Lazy<Dictionary<string, (FlowCaseFile File, FlowModel Model)>> Loaded = new(() =>
        Files.ToDictionary(f => f, f =>
        {
            var file = FlowCaseFile.Load(f);
            return (file, file.Model());
        }));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, (file, _)) in Loaded.Value)
        {
            foreach (var entry in file.Cases)
            {
                data.Add(name, entry.Name);
            }
        }

        return data;
    }

    [Fact]
    public void Case_names_are_unique_and_every_reason_is_pinned()
    {
        var cases = Loaded.Value.Values.SelectMany(l => l.File.Cases).ToList();
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());

        var reasons = typeof(FlowReasons).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var pinned = cases.Select(c => c.Reason ?? (c.Expect == "allow" ? null : "?")).OfType<string>().ToHashSet();
        pinned.UnionWith(cases.Where(c => c.Expect == "allow").Select(c => c.Rule!.StartsWith("flow:", StringComparison.Ordinal) ? FlowReasons.DeclaredFlow : FlowReasons.Conduit));
        Assert.Empty(reasons.Except(pinned));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Flow(string file, string name)
    {
        var (cases, model) = Loaded.Value[file];
        var entry = cases.Cases.Single(c => c.Name == name);

        var decision = FlowEngine.Decide(entry.Request(), model, cases.TimeOf(entry));

        var said = $"{name}: {decision.Effect} {decision.Reason} {decision.RuleId}";
        Assert.True(entry.Expect == (decision.IsAllowed ? "allow" : "deny"), $"expected {entry.Expect}; {said}");
        Assert.True(entry.Reason is null || entry.Reason == decision.Reason, $"expected reason {entry.Reason}; {said}");
        Assert.True(
            entry.Rule is null || (entry.Rule == "none" ? decision.RuleId is null : entry.Rule == decision.RuleId),
            $"expected rule {entry.Rule}; {said}");
    }
}
