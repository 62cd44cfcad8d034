using System.Text.Json.Nodes;
using Json.Schema;
using ZtFleet.Policy.Compliance.Oscal;
using ZtFleet.Policy.Compliance.Plan;
using static ZtFleet.Tests.Policy.Compliance.AssessmentSamples;

namespace ZtFleet.Tests.Policy.Compliance;

/// <summary>
/// NIST OSCAL 1.1.2 exports: valid against the official JSON schemas of that release (copied in <c>oscal-1.1.2/</c>,
/// see its README), with deterministic UUIDs (a POA&amp;M item keeps its UUID across assessments).
/// </summary>
public sealed class OscalExportTests
{
    private static readonly Lazy<JsonSchema> Poam = new(() => Load("oscal_poam_schema.json"));
    private static readonly Lazy<JsonSchema> AssessmentResults = new(() => Load("oscal_assessment-results_schema.json"));

    private static ImprovementPlan PlanOf(ZtFleet.Policy.Compliance.ComplianceAssessment assessment, Dictionary<string, ActionStatusRecord>? statuses = null) =>
        ImprovementPlanner.Plan(assessment, [Risk(Vulnerability("plc-1", "CVE-2026-0001"))], statuses ?? [], T0.AddHours(1));

    [Fact]
    public void The_assessment_results_are_valid_oscal_1_1_2()
    {
        var json = OscalAssessmentResults.ToJson(Assessment(T0, "asm-0192d3e4f5a6-0a1b2c3d"), T0.AddHours(1));

        var result = Validate(AssessmentResults.Value, json);

        Assert.True(result.IsValid, Errors(result));
        var root = JsonNode.Parse(json)!["assessment-results"]!;
        Assert.Equal("1.1.2", (string?)root["metadata"]!["oscal-version"]);
        var findings = root["results"]![0]!["findings"]!.AsArray();
        var mfa = findings.Single(f => (string?)f!["title"] == "SR 1.1 RE 1 Unique identification and authentication: zone berlin/cell-1")!;
        Assert.Equal("not-satisfied", (string?)mfa["target"]!["status"]!["state"]);
        Assert.Equal("sr-1.1-re-1", (string?)mfa["target"]!["target-id"]);
        var observation = (string?)mfa["related-observations"]![0]!["observation-uuid"];
        Assert.Contains(root["results"]![0]!["observations"]!.AsArray(), o => (string?)o!["uuid"] == observation && (string?)o["title"] == "identities.mfa");
        Assert.Contains(findings, f => (string?)f!["target"]!["target-id"] == "a.5.15" && (string?)f["target"]!["status"]!["state"] == "satisfied");
        Assert.DoesNotContain(findings, f => ((string?)f!["title"])!.StartsWith("SR 3.9", StringComparison.Ordinal));
    }

    [Fact]
    public void The_plan_of_action_and_milestones_is_valid_oscal_1_1_2()
    {
        var mfa = ImprovementPlanner.ActionId(Berlin, "identities.mfa");
        var jump = ImprovementPlanner.ActionId(Berlin, "remote.jump-host");
        var plan = PlanOf(Assessment(T0), new Dictionary<string, ActionStatusRecord>
        {
            [mfa] = new(mfa, Berlin, ActionStatus.InProgress, "alice (plant-admin)", T0, "tokens ordered", null),
            [jump] = new(jump, Berlin, ActionStatus.RiskAccepted, "alice (plant-admin)", T0, "vendor contract ends", T0.AddDays(90)),
        });

        var json = OscalPoam.ToJson(plan);
        var result = Validate(Poam.Value, json);

        Assert.True(result.IsValid, Errors(result));
        var root = JsonNode.Parse(json)!["plan-of-action-and-milestones"]!;
        Assert.Equal(plan.Actions.Count, root["poam-items"]!.AsArray().Count);
        var risks = root["risks"]!.AsArray();
        Assert.Contains(risks, r => (string?)r!["status"] == "remediating");
        var accepted = risks.Single(r => (string?)r!["status"] == "deviation-approved")!;
        Assert.Equal("2027-03-01T06:00:00.000Z", (string?)accepted["deadline"]);
        Assert.Equal("berlin", (string?)root["system-id"]!["id"]);
    }

    [Fact]
    public void A_poam_item_keeps_its_uuid_across_assessments()
    {
        var first = JsonNode.Parse(OscalPoam.ToJson(PlanOf(Assessment(T0, "asm-1"))))!;
        var second = JsonNode.Parse(OscalPoam.ToJson(PlanOf(Assessment(T0.AddDays(1), "asm-2", boundary: true))))!;

        string? ItemOf(JsonNode doc, string fact) => (string?)doc["plan-of-action-and-milestones"]!["poam-items"]!.AsArray()
            .Single(i => i!["props"]!.AsArray().Any(p => (string?)p!["name"] == "fact" && (string?)p["value"] == fact))!["uuid"];

        Assert.Equal(ItemOf(first, "identities.mfa"), ItemOf(second, "identities.mfa"));
        Assert.NotEqual(
            (string?)first["plan-of-action-and-milestones"]!["uuid"],
            (string?)second["plan-of-action-and-milestones"]!["uuid"]);
    }

    [Fact]
    public void A_plan_without_gaps_and_an_assessment_without_zones_are_still_valid()
    {
        var clean = Assessment(T0, mfa: true, boundary: true, jumpHost: true, attested: true);
        var empty = Assessment(T0) with { Zones = [], Conduits = [], Controls = [], Maturity = [] };

        var poam = Validate(Poam.Value, OscalPoam.ToJson(PlanOf(clean)));
        var results = Validate(AssessmentResults.Value, OscalAssessmentResults.ToJson(empty, T0));

        Assert.True(poam.IsValid, Errors(poam));
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void The_schemas_refuse_what_is_not_oscal()
    {
        var node = OscalPoam.ToNode(PlanOf(Assessment(T0)));
        node["plan-of-action-and-milestones"]!["metadata"]!.AsObject().Remove("oscal-version");
        var extra = OscalAssessmentResults.ToNode(Assessment(T0), T0);
        extra["assessment-results"]!["ztfleet"] = "not an OSCAL property";

        Assert.False(Validate(Poam.Value, node.ToJsonString()).IsValid);
        Assert.False(Validate(AssessmentResults.Value, extra.ToJsonString()).IsValid);
    }

    [Theory]
    [InlineData("SR 1.1 RE 1", "sr-1.1-re-1")]
    [InlineData("A.5.15", "a.5.15")]
    [InlineData("1-plant", "_1-plant")]
    [InlineData("identity/mfa", "identity-mfa")]
    public void Ids_become_oscal_tokens(string id, string token) => Assert.Equal(token, OscalIds.Token(id));

    private static EvaluationResults Validate(JsonSchema schema, string json) =>
        schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true, EvaluateAs = SpecVersion.Draft7 });

    private static string Errors(EvaluationResults result) =>
        string.Join("\n", result.Details.Where(d => d.HasErrors).Take(20).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));

    /// <summary>
    /// Loads a schema. NIST's files name their definitions with draft-07 <c>$id</c> anchors (<c>"$id": "#name"</c>,
    /// referenced as <c>"$ref": "#name"</c>), which JsonSchema.Net does not resolve: each such reference is rewritten to
    /// the JSON pointer of the definition that declares the anchor (<c>#/definitions/key</c>), which means the same.
    /// </summary>
    private static JsonSchema Load(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Policy", "Compliance", "oscal-1.1.2", file)))!.AsObject();
        var anchors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, definition) in root["definitions"]!.AsObject())
        {
            if (definition is JsonObject { } d && d["$id"] is JsonValue id && ((string?)id)!.StartsWith('#'))
            {
                anchors[(string)id!] = "#/definitions/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                d.Remove("$id");
            }
        }

        Rewrite(root, anchors);
        return JsonSchema.FromText(root.ToJsonString());
    }

    private static void Rewrite(JsonNode? node, IReadOnlyDictionary<string, string> anchors)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r && anchors.TryGetValue((string)r!, out var pointer))
                {
                    o["$ref"] = pointer;
                }

                foreach (var (_, child) in o.ToList())
                {
                    Rewrite(child, anchors);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Rewrite(child, anchors);
                }

                break;
        }
    }
}
