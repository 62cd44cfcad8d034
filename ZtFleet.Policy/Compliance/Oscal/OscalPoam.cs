using System.Globalization;
using System.Text.Json.Nodes;
using ZtFleet.Policy.Compliance.Plan;

namespace ZtFleet.Policy.Compliance.Oscal;

/// <summary>
/// The improvement plan as NIST OSCAL 1.1.2 <c>plan-of-action-and-milestones</c> JSON (docs/compliance.md, "OSCAL"):
/// per action one observation (what is wrong and what to change), one risk (its status, the risk reduced and the
/// effort as facets, the planned remediation, the deadline of an accepted risk) and one POA&amp;M item whose UUID
/// follows the action's stable id.
/// </summary>
public static class OscalPoam
{
    /// <summary>The document as indented JSON.</summary>
    public static string ToJson(ImprovementPlan plan) => ToNode(plan).ToJsonString(OscalAssessmentResults.Json);

    /// <summary>The document as a JSON node.</summary>
    public static JsonObject ToNode(ImprovementPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var scope = ComplianceText.Scope(plan.Plant);
        var observations = new JsonArray();
        var risks = new JsonArray();
        var items = new JsonArray();
        foreach (var action in plan.Actions)
        {
            var observation = OscalIds.Uuid($"poam-observation/{plan.AssessmentId}/{action.Id}");
            var risk = OscalIds.Uuid($"poam-risk/{action.Id}");
            var gaps = string.Join("; ", action.Gaps.Select(g => g.Where is null ? $"{g.Id} {g.Title}" : $"{g.Id} {g.Title} in {g.Plant}/{g.Where}"));
            observations.Add(new JsonObject
            {
                ["uuid"] = observation,
                ["title"] = action.Title,
                ["description"] = $"Failing fact '{action.Key}' keeps open: {gaps}.",
                ["methods"] = new JsonArray("TEST"),
                ["types"] = new JsonArray("finding"),
                ["collected"] = OscalIds.Time(plan.AssessedAt),
            });
            var riskNode = new JsonObject
            {
                ["uuid"] = risk,
                ["title"] = action.Title,
                ["description"] = action.Change,
                ["statement"] = string.Join(" ", action.RiskReasons.Select(r => r.EndsWith('.') ? r : r + ".")),
                ["props"] = new JsonArray(OscalAssessmentResults.Prop("action-status", Status(action.Status))),
                ["status"] = RiskStatus(action.Status),
                ["characterizations"] = new JsonArray(new JsonObject
                {
                    ["origin"] = new JsonObject
                    {
                        ["actors"] = new JsonArray(new JsonObject { ["type"] = "tool", ["actor-uuid"] = OscalIds.Uuid("tool/ztfleet") }),
                    },
                    ["facets"] = new JsonArray(
                        Facet("risk-reduced", action.Risk.ToString("0.##", CultureInfo.InvariantCulture)),
                        Facet("effort", action.Effort.ToString().ToLowerInvariant())),
                }),
            };
            if (action.Status == ActionStatus.RiskAccepted && action.StatusRecord?.RiskAcceptedUntil is { } until)
            {
                riskNode["deadline"] = OscalIds.Time(until);
            }

            riskNode["remediations"] = new JsonArray(new JsonObject
            {
                ["uuid"] = OscalIds.Uuid($"poam-remediation/{action.Id}"),
                ["lifecycle"] = action.Status is ActionStatus.Proposed ? "recommendation" : action.Status is ActionStatus.Done ? "completed" : "planned",
                ["title"] = action.Title,
                ["description"] = action.Change,
            });
            if (action.StatusRecord is { } record)
            {
                riskNode["risk-log"] = new JsonObject
                {
                    ["entries"] = new JsonArray(new JsonObject
                    {
                        ["uuid"] = OscalIds.Uuid($"poam-log/{action.Id}/{record.At.ToUnixTimeMilliseconds()}"),
                        ["title"] = $"Status {Status(record.Status)} set by {record.By}",
                        ["description"] = string.IsNullOrWhiteSpace(record.Note) ? $"Status {Status(record.Status)}." : record.Note,
                        ["start"] = OscalIds.Time(record.At),
                        ["status-change"] = RiskStatus(action.Status),
                    }),
                };
            }

            riskNode["related-observations"] = new JsonArray(new JsonObject { ["observation-uuid"] = observation });
            risks.Add(riskNode);

            var props = new JsonArray(
                OscalAssessmentResults.Prop("action-id", action.Id),
                OscalAssessmentResults.Prop("fact", action.Key),
                OscalAssessmentResults.Prop("action-status", Status(action.Status)),
                OscalAssessmentResults.Prop("effort", action.Effort.ToString().ToLowerInvariant()),
                OscalAssessmentResults.Prop("risk-reduced", action.Risk.ToString("0.##", CultureInfo.InvariantCulture)));
            foreach (var level in action.LevelChanges)
            {
                props.Add(OscalAssessmentResults.Prop("expected-sl-a", $"{level.Plant}/{level.Target} FR {(int)level.Fr}: {level.From} to {level.To}"));
            }

            foreach (var stage in action.StageChanges)
            {
                props.Add(OscalAssessmentResults.Prop("expected-stage", $"{ComplianceText.Pillar(stage.Pillar)}: {stage.From} to {stage.To}"));
            }

            items.Add(new JsonObject
            {
                ["uuid"] = OscalIds.Uuid($"poam-item/{action.Id}"),
                ["title"] = action.Title,
                ["description"] = $"{action.Change} Closes: {string.Join(", ", action.Gaps.Where(g => g.Closes).Select(g => g.Where is null ? g.Id : $"{g.Id} ({g.Plant}/{g.Where})").Distinct(StringComparer.Ordinal).DefaultIfEmpty("none alone"))}.",
                ["props"] = props,
                ["related-observations"] = new JsonArray(new JsonObject { ["observation-uuid"] = observation }),
                ["related-risks"] = new JsonArray(new JsonObject { ["risk-uuid"] = risk }),
            });
        }

        var poam = new JsonObject
        {
            ["uuid"] = OscalIds.Uuid($"poam/{scope}/{plan.AssessmentId}"),
            ["metadata"] = OscalAssessmentResults.Metadata($"ZtFleet improvement plan: {scope}", plan.AssessmentId, plan.At),
            ["system-id"] = new JsonObject { ["identifier-type"] = OscalIds.PropertyNamespace, ["id"] = scope },
        };
        if (observations.Count > 0)
        {
            poam["observations"] = observations;
            poam["risks"] = risks;
        }

        if (items.Count == 0)
        {
            // OSCAL requires at least one item: a plan without gaps says so in its one item.
            items.Add(new JsonObject
            {
                ["uuid"] = OscalIds.Uuid($"poam-item/none/{scope}/{plan.AssessmentId}"),
                ["title"] = "No open gaps",
                ["description"] = $"Assessment {plan.AssessmentId} of {scope} at {ComplianceText.Time(plan.AssessedAt)} has no gaps: nothing to improve.",
            });
        }

        poam["poam-items"] = items;
        return new JsonObject { ["plan-of-action-and-milestones"] = poam };
    }

    private static string Status(ActionStatus status) => status switch
    {
        ActionStatus.InProgress => "in-progress",
        ActionStatus.RiskAccepted => "risk-accepted",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>OSCAL's risk status: proposed and accepted are open, in progress remediating, done closed, an accepted risk a deviation approved.</summary>
    private static string RiskStatus(ActionStatus status) => status switch
    {
        ActionStatus.InProgress => "remediating",
        ActionStatus.Done => "closed",
        ActionStatus.RiskAccepted => "deviation-approved",
        _ => "open",
    };

    private static JsonObject Facet(string name, string value) => new()
    {
        ["name"] = name,
        ["system"] = OscalIds.PropertyNamespace,
        ["value"] = value,
    };
}
