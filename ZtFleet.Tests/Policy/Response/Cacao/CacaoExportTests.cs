using System.Text.Json.Nodes;
using Json.Schema;
using ZtFleet.Policy.Response.Cacao;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Response.Cacao;

/// <summary>
/// Playbooks as OASIS CACAO 2.0 JSON: valid against the official schemas (copied in <c>schemas/</c> with their
/// licence), deterministic ids, the workflow in the planner's order, ZtFleet's own fields in the extension.
/// </summary>
public sealed class CacaoExportTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 8, 30, 0, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset Modified = new(2026, 12, 4, 17, 5, 9, TimeSpan.Zero);
    private const string Draft7 = "http://json-schema.org/draft-07/schema#";
    private const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);
    private static readonly Lazy<Dictionary<string, JsonSchema>> Commands = new(() =>
    {
        _ = Schema.Value;
        return new[] { "manual", "http-api" }.ToDictionary(
            t => t,
            t => (JsonSchema)SchemaRegistry.Global.Get(new Uri($"https://raw.githubusercontent.com/oasis-open/cacao-json-schemas/main/schemas/commands/{t}.json"))!);
    });

    public static TheoryData<string> PlaybookIds => new() { "contain-unexpected-writes", "vendor-account-abuse" };

    [Theory]
    [MemberData(nameof(PlaybookIds))]
    public void Every_exported_playbook_is_valid_against_the_cacao_2_0_schemas(string id)
    {
        var json = CacaoPlaybookExport.ToJson(Playbook(id), Created, Modified);

        var result = Validate(json);

        Assert.True(result.IsValid, Errors(result));
        foreach (var command in JsonNode.Parse(json)!["workflow"]!.AsObject().SelectMany(s => s.Value!["commands"]?.AsArray() ?? []))
        {
            var type = (string)command!["type"]!;
            var commandResult = Commands.Value[type].Evaluate(command, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(commandResult.IsValid, $"{type}: {Errors(commandResult)}");
        }
    }

    [Fact]
    public void The_schemas_refuse_what_is_not_a_cacao_playbook()
    {
        var node = CacaoPlaybookExport.ToNode(Playbook("contain-unexpected-writes"), Created, Modified);
        node.Remove("workflow_start");
        var badId = CacaoPlaybookExport.ToNode(Playbook("contain-unexpected-writes"), Created, Modified);
        badId["id"] = "playbook--not-a-uuid";
        var extra = CacaoPlaybookExport.ToNode(Playbook("contain-unexpected-writes"), Created, Modified);
        extra["ztfleet_trigger"] = "not a CACAO property";

        Assert.False(Validate(node.ToJsonString()).IsValid);
        Assert.False(Validate(badId.ToJsonString()).IsValid);
        Assert.False(Validate(extra.ToJsonString()).IsValid);
    }

    [Fact]
    public void The_playbook_has_its_metadata_and_deterministic_ids()
    {
        var node = CacaoPlaybookExport.ToNode(Playbook("contain-unexpected-writes"), Created, Modified);
        var again = CacaoPlaybookExport.ToJson(Playbook("contain-unexpected-writes"), Created, Modified);

        Assert.Equal("playbook", (string?)node["type"]);
        Assert.Equal("cacao-2.0", (string?)node["spec_version"]);
        Assert.Equal(CacaoIds.Playbook("contain-unexpected-writes"), (string?)node["id"]);
        Assert.Matches("^playbook--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", (string?)node["id"]);
        Assert.Equal("2026-12-01T08:30:00.123Z", (string?)node["created"]);
        Assert.Equal("2026-12-04T17:05:09.000Z", (string?)node["modified"]);
        Assert.Equal(75, (int?)node["severity"]);
        Assert.Equal(40, (int?)node["impact"]);
        Assert.Equal(node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), again);
        Assert.NotEqual(CacaoIds.Playbook("contain-unexpected-writes"), CacaoIds.Playbook("vendor-account-abuse"));
    }

    [Fact]
    public void A_uuid_v5_is_the_rfc_9562_one()
    {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"), CacaoIds.V5(Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"));
    }

    [Fact]
    public void The_workflow_runs_from_start_through_the_steps_least_impact_first_to_end()
    {
        var node = CacaoPlaybookExport.ToNode(Playbook("vendor-account-abuse"), Created, Modified);
        var workflow = node["workflow"]!.AsObject();

        var kinds = new List<string>();
        var at = (string)node["workflow_start"]!;
        Assert.Equal("start", (string?)workflow[at]!["type"]);
        while ((string?)workflow[at]!["type"] != "end")
        {
            at = (string)workflow[at]!["on_completion"]!;
            var step = workflow[at]!;
            if ((string?)step["type"] == "action")
            {
                var extension = step["step_extensions"]![CacaoPlaybookExport.ExtensionId]!;
                kinds.Add($"{(string?)extension["step_kind"]}:{(int?)extension["impact"]}:{(string?)extension["mode"]}:{(long?)extension["revert_after_minutes"]}");
                Assert.NotNull(node["agent_definitions"]![(string)step["agent"]!]);
                Assert.NotNull(node["target_definitions"]![(string)step["targets"]![0]!]);
            }
        }

        // Document order is step-up-mfa (10), lock (30), revoke-grants (20).
        Assert.Equal(["step-up-mfa:10:recommend:60", "revoke-grants:20:recommend:", "lock:30:recommend:120"], kinds);
        Assert.Equal(5, workflow.Count);
    }

    [Fact]
    public void A_webhook_step_is_an_http_api_command_against_its_endpoint_and_the_trigger_is_in_the_extension()
    {
        var node = CacaoPlaybookExport.ToNode(Playbook("contain-unexpected-writes"), Created, Modified);
        var webhook = node["workflow"]!.AsObject()
            .Select(e => e.Value!)
            .Single(s => (string?)s["step_extensions"]?[CacaoPlaybookExport.ExtensionId]?["step_kind"] == "webhook");

        Assert.Equal("http-api", (string?)webhook["commands"]![0]!["type"]);
        Assert.Equal("POST /hook", (string?)webhook["commands"]![0]!["command"]);
        var target = node["target_definitions"]![(string)webhook["targets"]![0]!]!;
        Assert.Equal("soar.example.com", (string?)target["address"]!["dname"]![0]);
        Assert.Equal("443", (string?)target["port"]);
        var trigger = node["playbook_extensions"]![CacaoPlaybookExport.ExtensionId]!["trigger"]!;
        Assert.Equal(["function-code-outside-baseline", "refused-write"], trigger["detections"]!.AsArray().Select(d => (string?)d));
        Assert.Equal("high", (string?)trigger["min_severity"]);
        Assert.Equal(["plc"], trigger["asset_types"]!.AsArray().Select(d => (string?)d));
    }

    private static Playbook Playbook(string id) =>
        FleetSamples.Read(ResponseSamples.Document()).Response!.Playbooks.Single(p => p.Id == id);

    private static EvaluationResults Validate(string json) =>
        Schema.Value.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults result) =>
        string.Join("\n", result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));

    /// <summary>Registers every schema under its <c>$id</c>, so the relative references between them resolve offline.</summary>
    private static JsonSchema LoadSchema()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Policy", "Response", "Cacao", "schemas");
        JsonSchema? playbook = null;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories))
        {
            // The files declare draft-07 but use keywords of 2019-09 and later (unevaluatedProperties, $defs): under
            // draft-07 those are ignored and any extra property would pass. They are evaluated as 2020-12.
            var text = File.ReadAllText(file).Replace(Draft7, Draft202012, StringComparison.Ordinal);
            if (file.EndsWith(Path.Combine("commands", "command-data.json"), StringComparison.Ordinal))
            {
                // command-data.json is the base every command type extends, and closes itself with
                // unevaluatedProperties: so evaluated strictly no command with a "command" property (which every
                // type has) could pass. It is opened here; each command is checked against its own type's schema
                // (manual.json, http-api.json), which closes the command over the base and the type's properties.
                text = text.Replace("\"unevaluatedProperties\": false,", string.Empty, StringComparison.Ordinal);
            }

            var schema = JsonSchema.FromText(text);
            SchemaRegistry.Global.Register(schema);
            if (Path.GetFileName(file) == "playbook.json")
            {
                playbook = schema;
            }
        }

        return playbook ?? throw new InvalidOperationException($"playbook.json is not in {folder}");
    }
}
