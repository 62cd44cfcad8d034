using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Tests.Policy.Access;

/// <summary>Runs every case of <c>Cases/berlin-decisions.yaml</c> as its own test.</summary>
public sealed class DecisionCaseTests
{
    private static readonly Lazy<DecisionCaseFile> Berlin = new(() => DecisionCaseFile.Load("berlin-decisions.yaml"));

    public static TheoryData<string> BerlinCases()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Berlin.Value.Cases)
        {
            data.Add(entry.Name);
        }

        return data;
    }

    [Fact]
    public void Case_names_are_unique_and_the_file_has_cases()
    {
        var names = Berlin.Value.Cases.Select(c => c.Name).ToList();

        Assert.True(names.Count >= 40, $"only {names.Count} cases");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(BerlinCases))]
    public void Berlin_decision(string name)
    {
        var file = Berlin.Value;
        var entry = file.Cases.Single(c => c.Name == name);
        var snapshot = file.Snapshot(entry.Overrides, entry.Subject);
        var request = new AccessRequest(
            IdentityId.Parse(entry.Subject),
            entry.Asset is null ? null : AssetId.Parse(entry.Asset),
            entry.Zone is null ? null : ZoneId.Parse(entry.Zone),
            DecisionCaseFile.OperationOf(entry.Operation),
            entry.Emergency);

        var decision = Engine.Explain(request, snapshot, DecisionCaseFile.Time(entry.At));

        var explained = $"{name}: {decision.Effect} {decision.Reason} {decision.RuleId} valid until {decision.ValidUntil:O}\n  "
            + string.Join("\n  ", decision.Facts);
        Assert.True(entry.Expect == (decision.IsAllowed ? "allow" : "deny"), $"expected {entry.Expect}; {explained}");
        Assert.True(entry.Reason is null || entry.Reason == decision.Reason, $"expected reason {entry.Reason}; {explained}");
        Assert.True(
            entry.Rule is null || (entry.Rule == "none" ? decision.RuleId is null : entry.Rule == decision.RuleId),
            $"expected rule {entry.Rule}; {explained}");
        Assert.True(ObligationsOf(entry.Obligations) == decision.Obligations, $"expected obligations [{string.Join(", ", entry.Obligations)}], got {decision.Obligations}; {explained}");
        Assert.True(
            entry.MfaMaxAgeMinutes is null || entry.MfaMaxAgeMinutes == decision.MfaMaxAgeMinutes,
            $"expected MFA max age {entry.MfaMaxAgeMinutes}, got {decision.MfaMaxAgeMinutes}; {explained}");
        Assert.True(
            entry.ValidUntil is null || DecisionCaseFile.Time(entry.ValidUntil) == decision.ValidUntil,
            $"expected valid until {entry.ValidUntil}; {explained}");
        Assert.True(
            entry.SessionEnd is null
            || (entry.SessionEnd == "none" ? decision.SessionEnd is null : DecisionCaseFile.Time(entry.SessionEnd) == decision.SessionEnd),
            $"expected session end {entry.SessionEnd}, got {decision.SessionEnd:O}; {explained}");
        Assert.Equal(snapshot.Epoch, decision.Epoch);

        // The explanation path decides exactly as the fast path.
        Assert.Equal(decision with { Facts = [] }, Engine.Decide(request, snapshot, DecisionCaseFile.Time(entry.At)) with { Facts = [] });
    }

    private static Obligations ObligationsOf(IEnumerable<string> names)
    {
        var result = Obligations.None;
        foreach (var name in names)
        {
            result |= name switch
            {
                "step-up-mfa" => Obligations.StepUpMfa,
                "record-session" => Obligations.RecordSession,
                "max-session" => Obligations.MaxSession,
                _ => throw new FormatException($"unknown obligation '{name}'"),
            };
        }

        return result;
    }
}
