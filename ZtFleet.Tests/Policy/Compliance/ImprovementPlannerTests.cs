using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Plan;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using static ZtFleet.Tests.Policy.Compliance.AssessmentSamples;

namespace ZtFleet.Tests.Policy.Compliance;

/// <summary>The improvement plan from hand-built gaps: grouping, what each action closes and raises, effort, risk, statuses.</summary>
public sealed class ImprovementPlannerTests
{
    private static readonly Dictionary<string, ActionStatusRecord> NoStatuses = [];

    private static ImprovementPlan Plan(ComplianceAssessment assessment, params PlanRiskInput[] risk) =>
        ImprovementPlanner.Plan(assessment, risk.Length == 0 ? [Risk()] : risk, NoStatuses, T0.AddHours(1));

    private static ImprovementAction Action(ImprovementPlan plan, string key) => Assert.Single(plan.Actions, a => a.Key == key);

    [Fact]
    public void Gaps_are_grouped_by_the_failing_fact_that_keeps_them_open()
    {
        var plan = Plan(Assessment(T0));

        Assert.Equal(
            ["attest:SR 7.5", "conduit.enforcement-point", "identities.mfa", "remote.jump-host"],
            plan.Actions.Select(a => a.Key).Order(StringComparer.Ordinal));
        var mfa = Action(plan, "identities.mfa");
        Assert.Equal(
            ["SR 1.1 RE 1@cell-1:True", "SR 1.13@cell-1:False", "SR 1.1 RE 1@safety:True", "A.8.5@:True", "identity.phishing-resistant-mfa@:True"],
            mfa.Gaps.Select(g => $"{g.Id}@{g.Where}:{g.Closes}"));
        Assert.Equal(["jdoe", "vendor-tech"], mfa.Subjects.Select(s => s.Id));
        Assert.All(mfa.Subjects, s => Assert.Equal(EntityKind.Identity, s.Kind));
        Assert.Contains("2 identities (jdoe, vendor-tech)", mfa.Change);
        Assert.Equal(Berlin, mfa.Plant);
        Assert.Equal("2 of 3 humans who can reach the zone do not enrol MFA", mfa.Title);
    }

    [Fact]
    public void Each_action_says_which_levels_and_stages_rise_when_it_closes_its_gaps()
    {
        var plan = Plan(Assessment(T0));

        var mfa = Action(plan, "identities.mfa");
        Assert.Equal(
            ["cell-1 FR1 1->2", "safety FR1 1->2"],
            mfa.LevelChanges.Select(l => $"{l.Target} FR{(int)l.Fr} {l.From}->{l.To}"));
        Assert.Equal([(MaturityPillar.Identity, MaturityStage.Initial, MaturityStage.Advanced)], mfa.StageChanges.Select(s => (s.Pillar, s.From, s.To)));

        var boundary = Action(plan, "conduit.enforcement-point");
        var level = Assert.Single(boundary.LevelChanges);
        Assert.Equal(("mes-to-cell-1", true, FoundationalRequirement.RestrictedDataFlow, 0, 1), (level.Target, level.Conduit, level.Fr, level.From, level.To));
        Assert.Equal([(MaturityPillar.Networks, MaturityStage.Traditional, MaturityStage.Initial)], boundary.StageChanges.Select(s => (s.Pillar, s.From, s.To)));

        // Only helps close SR 1.13 (MFA is also missing): nothing rises by it alone.
        var jump = Action(plan, "remote.jump-host");
        Assert.False(Assert.Single(jump.Gaps).Closes);
        Assert.Empty(jump.LevelChanges);

        var attest = Action(plan, "attest:SR 7.5");
        Assert.Equal([("cell-1", FoundationalRequirement.ResourceAvailability, 0, 1)], attest.LevelChanges.Select(l => (l.Target, l.Fr, l.From, l.To)));
        Assert.Contains("compliance: section", attest.Change);
    }

    [Fact]
    public void Effort_follows_what_must_change()
    {
        var plan = Plan(Assessment(T0));

        Assert.Equal(EffortClass.Low, Action(plan, "identities.mfa").Effort);
        Assert.Equal(EffortClass.Low, Action(plan, "attest:SR 7.5").Effort);
        Assert.Equal(EffortClass.Medium, Action(plan, "conduit.enforcement-point").Effort);
        Assert.Equal(EffortClass.High, Action(plan, "remote.jump-host").Effort);
        var many = Enumerable.Range(1, 11).Select(i => new ComplianceSubject(EntityKind.Identity, $"user-{i}")).ToList();
        Assert.Equal(EffortClass.Medium, ImprovementPlanner.Effort("identities.mfa", many));
    }

    [Fact]
    public void Actions_are_ordered_by_the_risk_they_reduce_and_vulnerabilities_add_to_it()
    {
        var plain = Plan(Assessment(T0));
        var vulnerable = Plan(Assessment(T0), Risk(Vulnerability("plc-1", "CVE-2026-0001"), Vulnerability("hmi-1", "CVE-2026-0002", cvss: null)));

        Assert.Equal(plain.Actions.OrderByDescending(a => a.Risk).Select(a => a.Id), plain.Actions.Select(a => a.Id));
        Assert.Equal("identities.mfa", plain.Actions[0].Key);
        Assert.True(Action(plain, "identities.mfa").Risk > Action(plain, "remote.jump-host").Risk);

        // cell-1 holds both assets: every action with a gap there weighs more, by 0.98 (CVSS 9.8) + 0.5 (no CVSS counts as 5.0).
        var before = Action(plain, "attest:SR 7.5").Risk;
        var after = Action(vulnerable, "attest:SR 7.5").Risk;
        Assert.Equal(before + 1.48, after, 2);
        Assert.Contains(Action(vulnerable, "attest:SR 7.5").RiskReasons, r => r.Contains("CVE-2026-0001", StringComparison.Ordinal) && r.Contains("cell-1", StringComparison.Ordinal));

        // A named asset adds its blast radius.
        Assert.Contains(Action(plain, "remote.jump-host").RiskReasons, r => r.Contains("blast radius", StringComparison.Ordinal));
    }

    [Fact]
    public void Action_ids_are_stable_across_assessments_and_scopes_and_differ_by_plant_and_fact()
    {
        var first = Plan(Assessment(T0, "asm-1"));
        var second = Plan(Assessment(T0.AddDays(1), "asm-2", boundary: true));
        var fleet = Plan(Assessment(T0, "asm-3") with { Plant = null });

        Assert.Equal(Action(first, "identities.mfa").Id, Action(second, "identities.mfa").Id);
        Assert.Equal(ImprovementPlanner.ActionId(Berlin, "identities.mfa"), Action(first, "identities.mfa").Id);
        Assert.Matches("^act-[0-9a-f]{16}$", Action(first, "identities.mfa").Id);
        Assert.DoesNotContain(second.Actions, a => a.Key == "conduit.enforcement-point");
        // In the fleet's assessment, zone gaps stay with their plant's action; controls and maturity are fleet-wide.
        var fleetMfa = fleet.Actions.Where(a => a.Key == "identities.mfa").ToList();
        Assert.Equal(2, fleetMfa.Count);
        Assert.Contains(fleetMfa, a => a.Id == ImprovementPlanner.ActionId(Berlin, "identities.mfa") && a.Plant == Berlin && a.Gaps.All(g => g.Kind == GapKind.ZoneRequirement));
        Assert.Contains(fleetMfa, a => a.Id == ImprovementPlanner.ActionId(null, "identities.mfa") && a.Plant == null && a.Gaps.All(g => g.Kind is GapKind.Control or GapKind.MaturityCriterion));
        Assert.NotEqual(ImprovementPlanner.ActionId(PlantId.Parse("austin"), "identities.mfa"), ImprovementPlanner.ActionId(Berlin, "identities.mfa"));
    }

    [Fact]
    public void Statuses_apply_and_an_expired_acceptance_is_proposed_again()
    {
        var assessment = Assessment(T0);
        var mfa = ImprovementPlanner.ActionId(Berlin, "identities.mfa");
        var jump = ImprovementPlanner.ActionId(Berlin, "remote.jump-host");
        var statuses = new Dictionary<string, ActionStatusRecord>
        {
            [mfa] = new(mfa, Berlin, ActionStatus.InProgress, "alice (plant-admin)", T0, "rolling out tokens", null),
            [jump] = new(jump, Berlin, ActionStatus.RiskAccepted, "alice (plant-admin)", T0, "vendor contract ends in March", T0.AddDays(30)),
        };

        var during = ImprovementPlanner.Plan(assessment, [Risk()], statuses, T0.AddDays(29));
        var after = ImprovementPlanner.Plan(assessment, [Risk()], statuses, T0.AddDays(30));

        Assert.Equal(ActionStatus.InProgress, Action(during, "identities.mfa").Status);
        Assert.Equal((ActionStatus.RiskAccepted, false), (Action(during, "remote.jump-host").Status, Action(during, "remote.jump-host").AcceptanceExpired));
        Assert.Equal((ActionStatus.Proposed, true), (Action(after, "remote.jump-host").Status, Action(after, "remote.jump-host").AcceptanceExpired));
        Assert.Equal(ActionStatus.Proposed, Action(after, "attest:SR 7.5").Status);
        Assert.Equal("proposed (risk acceptance expired)", ImprovementPlanMarkdown.Status(Action(after, "remote.jump-host")));
    }

    [Fact]
    public void Without_gaps_there_is_no_action()
    {
        var plan = Plan(Assessment(T0, mfa: true, boundary: true, jumpHost: true, attested: true));

        Assert.Empty(plan.Actions);
        Assert.Contains("No gaps", ImprovementPlanMarkdown.Write(plan));
    }

    [Fact]
    public void The_markdown_lists_every_action_by_risk_with_what_it_closes()
    {
        var plan = Plan(Assessment(T0));

        var markdown = ImprovementPlanMarkdown.Write(plan);

        Assert.StartsWith("# Improvement plan: berlin", markdown);
        Assert.Contains("| 1 | 2 of 3 humans who can reach the zone do not enrol MFA", markdown);
        Assert.Contains("- Expected: SL-A of zone berlin/safety FR 1 IAC from 1 to 2", markdown);
        Assert.Contains("- Expected: maturity of Identity from Initial to Advanced", markdown);
        Assert.Contains("- Helps close: SR 1.13 Access via untrusted networks in berlin/cell-1", markdown);
        Assert.Equal(plan.Actions.Count, markdown.Split('\n').Count(l => l.StartsWith("## ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(ActionStatus.Accepted, null, 0, true)]
    [InlineData(ActionStatus.RiskAccepted, "contract ends", 30, true)]
    [InlineData(ActionStatus.RiskAccepted, "contract ends", 0, false)]
    [InlineData(ActionStatus.RiskAccepted, "contract ends", -1, false)]
    [InlineData(ActionStatus.RiskAccepted, "contract ends", 2000, false)]
    [InlineData(ActionStatus.RiskAccepted, null, 30, false)]
    [InlineData(ActionStatus.Done, "done", 30, false)]
    [InlineData((ActionStatus)9, null, 0, false)]
    public void Status_changes_follow_the_rules(ActionStatus status, string? note, int untilDays, bool valid)
    {
        var until = untilDays == 0 && status != ActionStatus.RiskAccepted ? (DateTimeOffset?)null : T0.AddDays(untilDays);

        var violations = ActionStatusRules.Check(status, note, until, T0);

        Assert.Equal(valid, violations.Count == 0);
    }
}
