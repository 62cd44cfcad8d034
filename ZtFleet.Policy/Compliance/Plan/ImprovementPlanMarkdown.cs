using System.Globalization;
using System.Text;

namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>The improvement plan as Markdown: a table of the actions by risk, then each action in full.</summary>
public static class ImprovementPlanMarkdown
{
    /// <summary>The plan as a Markdown document.</summary>
    public static string Write(ImprovementPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Improvement plan: {ComplianceText.Scope(plan.Plant)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"From assessment `{plan.AssessmentId}` of {ComplianceText.Time(plan.AssessedAt)}; statuses as of {ComplianceText.Time(plan.At)}. ");
        md.Append(CultureInfo.InvariantCulture, $"{plan.Actions.Count} actions, highest risk reduced first.\n\n");
        if (plan.Actions.Count == 0)
        {
            md.Append("No gaps: nothing to improve.\n");
            return md.ToString();
        }

        md.Append("| # | Action | Risk | Effort | Status | Closes |\n|---|---|---:|---|---|---|\n");
        var number = 0;
        foreach (var action in plan.Actions)
        {
            number++;
            md.Append(CultureInfo.InvariantCulture, $"| {number} | {Cell(action.Title)} (`{action.Id}`) | {action.Risk.ToString("0.##", CultureInfo.InvariantCulture)} | {Effort(action.Effort)} | {Status(action)} | {Cell(string.Join(", ", action.Gaps.Where(g => g.Closes).Select(Gap).Distinct(StringComparer.Ordinal).Take(6)))} |\n");
        }

        number = 0;
        foreach (var action in plan.Actions)
        {
            number++;
            md.Append(CultureInfo.InvariantCulture, $"\n## {number}. {Line(action.Title)}\n\n");
            md.Append(CultureInfo.InvariantCulture, $"- Id: `{action.Id}` (fact `{Line(action.Key)}`, scope {ComplianceText.Scope(action.Plant)})\n");
            md.Append(CultureInfo.InvariantCulture, $"- Change: {Line(action.Change)}\n");
            md.Append(CultureInfo.InvariantCulture, $"- Effort: {Effort(action.Effort)}; risk reduced: {action.Risk.ToString("0.##", CultureInfo.InvariantCulture)}\n");
            md.Append(CultureInfo.InvariantCulture, $"- Status: {Status(action)}");
            if (action.StatusRecord is { } record)
            {
                md.Append(CultureInfo.InvariantCulture, $", set by {Line(record.By)} at {ComplianceText.Time(record.At)}");
                if (!string.IsNullOrWhiteSpace(record.Note))
                {
                    md.Append(CultureInfo.InvariantCulture, $": {Line(record.Note)}");
                }
            }

            md.Append('\n');
            var closes = action.Gaps.Where(g => g.Closes).ToList();
            var helps = action.Gaps.Where(g => !g.Closes).ToList();
            if (closes.Count > 0)
            {
                md.Append(CultureInfo.InvariantCulture, $"- Closes: {Line(string.Join("; ", closes.Select(GapInFull)))}\n");
            }

            if (helps.Count > 0)
            {
                md.Append(CultureInfo.InvariantCulture, $"- Helps close: {Line(string.Join("; ", helps.Select(GapInFull)))}\n");
            }

            foreach (var level in action.LevelChanges)
            {
                md.Append(CultureInfo.InvariantCulture, $"- Expected: SL-A of {(level.Conduit ? "conduit" : "zone")} {level.Plant}/{Line(level.Target)} {ComplianceText.Fr(level.Fr)} from {level.From} to {level.To}\n");
            }

            foreach (var stage in action.StageChanges)
            {
                md.Append(CultureInfo.InvariantCulture, $"- Expected: maturity of {ComplianceText.Pillar(stage.Pillar)} from {stage.From} to {stage.To}\n");
            }

            foreach (var reason in action.RiskReasons)
            {
                md.Append(CultureInfo.InvariantCulture, $"- Risk: {Line(reason)}\n");
            }
        }

        return md.ToString();
    }

    /// <summary>A status as people read it (an accepted risk with its date; an expired acceptance says so).</summary>
    public static string Status(ImprovementAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Status switch
        {
            ActionStatus.RiskAccepted when action.StatusRecord?.RiskAcceptedUntil is { } until => $"risk accepted until {ComplianceText.Time(until)}",
            ActionStatus.Proposed when action.AcceptanceExpired => "proposed (risk acceptance expired)",
            ActionStatus.InProgress => "in progress",
            _ => action.Status.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>An effort class in words.</summary>
    public static string Effort(EffortClass effort) => effort.ToString().ToLowerInvariant();

    private static string Gap(PlanGap gap) => gap.Where is null ? gap.Id : $"{gap.Id} ({gap.Where})";

    private static string GapInFull(PlanGap gap) => gap.Where is null ? $"{gap.Id} {gap.Title}" : $"{gap.Id} {gap.Title} in {gap.Plant}/{gap.Where}";

    /// <summary>Text in a table cell: no line breaks, pipes escaped.</summary>
    private static string Cell(string text) => Line(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Line(string text) => text.ReplaceLineEndings(" ");
}
