using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Response;

/// <summary>
/// Bad input in the <c>response:</c> section (issue 11 point 6): each is refused with a field violation naming the
/// playbook, the step and the field.
/// </summary>
public sealed class ResponseViolationTests
{
    private const string Contain = "response.playbooks[contain-unexpected-writes]";
    private const string Vendor = "response.playbooks[vendor-account-abuse]";

    private const string AlertStep = "{ kind: alert, impact: 0 }";
    private const string AutoIsolate = "{ kind: isolate, impact: 80, mode: auto, revertAfterMinutes: 30 }";

    /// <summary>What is wrong; pairs of text to find in the sample section and its replacement; the field reported.</summary>
    public static readonly TheoryData<string, string[], string> Cases = new()
    {
        // An automatic isolate whose scope admits a safety asset: by type, by zone kind, or by what the fleet holds.
        { "auto isolate, scope names safety-controller", [AlertStep, AutoIsolate, "assetTypes: [plc]", "assetTypes: [plc, safety-controller]"], $"{Contain}.steps[#0].mode" },
        { "auto isolate, scope names zone kind safety", [AlertStep, AutoIsolate, "zoneKinds: [ot-control]", "zoneKinds: [ot-control, safety]"], $"{Contain}.steps[#0].mode" },
        { "auto isolate, trigger without a scope", [AlertStep, AutoIsolate, "        zoneKinds: [ot-control]\n        assetTypes: [plc]\n", ""], $"{Contain}.steps[#0].mode" },
        { "auto isolate, unscoped trigger", ["        incident: [cross-plant]\n      steps:\n", $"        incident: [cross-plant]\n      steps:\n        - {AutoIsolate}\n"], $"{Vendor}.steps[#0].mode" },
        { "restrict-writes without a revert time", ["{ kind: restrict-writes, impact: 40, mode: auto, revertAfterMinutes: 30 }", "{ kind: restrict-writes, impact: 40, mode: auto }"], $"{Contain}.steps[#1].revertAfterMinutes" },
        { "lock without a revert time", ["{ kind: lock, impact: 30, revertAfterMinutes: 120 }", "{ kind: lock, impact: 30 }"], $"{Vendor}.steps[#1].revertAfterMinutes" },
        { "step-up-mfa without a revert time", ["{ kind: step-up-mfa, impact: 10, revertAfterMinutes: 60 }", "{ kind: step-up-mfa, impact: 10 }"], $"{Vendor}.steps[#0].revertAfterMinutes" },
        { "isolate without a revert time", [AlertStep, "{ kind: isolate, impact: 80 }"], $"{Contain}.steps[#0].revertAfterMinutes" },
        { "revert time beyond seven days", ["revertAfterMinutes: 120", "revertAfterMinutes: 20000"], $"{Vendor}.steps[#1].revertAfterMinutes" },
        { "a revert time on a one-way step", ["{ kind: revoke-grants, impact: 20 }", "{ kind: revoke-grants, impact: 20, revertAfterMinutes: 5 }"], $"{Vendor}.steps[#2].revertAfterMinutes" },
        { "trigger with no detections and no incident rules", ["        detections: [mfa-failure-burst, off-shift-access]\n        minSeverity: medium\n        incident: [cross-plant]\n", "        minSeverity: medium\n"], $"{Vendor}.trigger" },
        { "scope that admits no asset", ["assetTypes: [plc]", "assetTypes: [rtu]"], $"{Contain}.trigger" },
        { "scope naming a plant the fleet does not have", ["        zoneKinds: [ot-control]\n", "        zoneKinds: [ot-control]\n        plants: [lyon]\n"], $"{Contain}.trigger.plants[lyon]" },
        { "unknown detection type", ["[function-code-outside-baseline, refused-write]", "[function-code-outside-baseline, write-storm]"], $"{Contain}.trigger.detections[write-storm]" },
        { "unknown incident rule", ["incident: [cross-plant]", "incident: [everywhere]"], $"{Vendor}.trigger.incident[everywhere]" },
        { "unknown step kind", [AlertStep, "{ kind: reboot, impact: 0 }"], $"{Contain}.steps[#0].kind" },
        { "impact above 100", ["impact: 40", "impact: 140"], $"{Contain}.steps[#1].impact" },
        { "impact below 0", [AlertStep, "{ kind: alert, impact: -1 }"], $"{Contain}.steps[#0].impact" },
        { "missing impact", [AlertStep, "{ kind: alert }"], $"{Contain}.steps[#0].impact" },
        { "duplicate playbook id", ["id: vendor-account-abuse", "id: contain-unexpected-writes"], $"{Contain}.id" },
        { "webhook over plain http", ["https://soar.example.com/hook", "http://soar.example.com/hook"], $"{Contain}.steps[#2].url" },
        { "webhook without a url", [", url: \"https://soar.example.com/hook\"", ""], $"{Contain}.steps[#2].url" },
        { "webhook url with credentials", ["https://soar.example.com/hook", "https://user:secret@soar.example.com/hook"], $"{Contain}.steps[#2].url" },
        { "url on a step that is not a webhook", [AlertStep, "{ kind: alert, impact: 0, url: \"https://soar.example.com/other\" }"], $"{Contain}.steps[#0].url" },
        { "a playbook without steps", ["        - { kind: step-up-mfa, impact: 10, revertAfterMinutes: 60 }\n        - { kind: lock, impact: 30, revertAfterMinutes: 120 }\n        - { kind: revoke-grants, impact: 20 }", "        []"], $"{Vendor}.steps" },
        { "correlation window of zero", ["correlationWindowMinutes: 60", "correlationWindowMinutes: 0"], "response.correlationWindowMinutes" },
        { "unknown key in a step", [AlertStep, "{ kind: alert, impact: 0, ttl: 5 }"], $"{Contain}.steps[#0].ttl" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_bad_input_is_a_violation_of_its_field(string what, string[] replacements, string field)
    {
        var section = ResponseSamples.Section;
        for (var i = 0; i < replacements.Length; i += 2)
        {
            section = FleetSamples.Replace(replacements[i], replacements[i + 1], section);
        }

        AssertViolation(what, ResponseSamples.Document(section), field);
    }

    [Fact]
    public void The_valid_sample_has_no_violation()
    {
        Assert.True(FleetDocumentReader.Read(ResponseSamples.Document()).IsValid);
    }

    [Fact]
    public void An_automatic_isolate_scoped_away_from_safety_is_allowed_and_a_recommended_one_anywhere()
    {
        var scoped = ResponseSamples.With("{ kind: alert, impact: 0 }", "{ kind: isolate, impact: 80, mode: auto, revertAfterMinutes: 30 }");
        var recommended = ResponseSamples.With(
            "        incident: [cross-plant]\n      steps:\n",
            "        incident: [cross-plant]\n      steps:\n        - { kind: isolate, impact: 80, revertAfterMinutes: 30 }\n");

        Assert.True(FleetDocumentReader.Read(scoped).IsValid, Describe(FleetDocumentReader.Read(scoped)));
        Assert.True(FleetDocumentReader.Read(recommended).IsValid, Describe(FleetDocumentReader.Read(recommended)));
    }

    [Fact]
    public void Plain_http_webhooks_are_accepted_only_when_the_options_allow_them()
    {
        var text = ResponseSamples.With("https://soar.example.com/hook", "http://localhost:8080/hook");

        var production = FleetDocumentReader.Read(text);
        var development = FleetDocumentReader.Read(text, null, null, new FleetValidationOptions { AllowHttpWebhooks = true });

        Assert.Contains(production.Violations, v => v.Field.StartsWith($"{Contain}.steps[#2].url", StringComparison.Ordinal) && v.Description.Contains("Development", StringComparison.Ordinal));
        Assert.True(development.IsValid, Describe(development));
    }

    [Fact]
    public void A_violation_carries_the_line_of_its_field()
    {
        var text = ResponseSamples.With("impact: 40", "impact: 140");

        var violation = FleetDocumentReader.Read(text).Violations.Single();

        Assert.Equal($"{Contain}.steps[#1].impact (line {FleetSamples.LineOf(text, "impact: 140")})", violation.Field);
    }

    [Fact]
    public void A_scope_on_plants_outside_the_document_is_judged_on_the_resulting_fleet_not_on_the_document()
    {
        // The document names plant austin, which the fleet holds but this document does not carry.
        var text = ResponseSamples.With("        zoneKinds: [ot-control]\n", "        zoneKinds: [ot-control]\n        plants: [austin]\n");

        var read = FleetDocumentReader.Read(text, new HashSet<ZtFleet.Policy.Identifiers.PlantId> { ZtFleet.Policy.Identifiers.PlantId.Parse("austin") });

        Assert.True(read.IsValid, Describe(read));
    }

    private static void AssertViolation(string what, string text, string field)
    {
        var result = FleetDocumentReader.Read(text);
        Assert.False(result.IsValid, $"{what}: accepted");
        Assert.True(
            result.Violations.Any(v => v.Field == field || v.Field.StartsWith($"{field} (line", StringComparison.Ordinal)),
            $"{what}: expected {field}, got\n{Describe(result)}");
    }

    private static string Describe(FleetDocumentResult result) =>
        string.Join("\n", result.Violations.Select(v => $"{v.Field}: {v.Description}"));
}
