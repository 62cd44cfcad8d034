using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Compliance.Oscal;

/// <summary>
/// An assessment as NIST OSCAL 1.1.2 <c>assessment-results</c> JSON (docs/compliance.md, "OSCAL"): one result for the
/// assessment, the reviewed controls (Annex A controls and IEC 62443-3-3 requirements as tokens), one observation per
/// distinct fact, and one finding per requirement of each zone and conduit, per control and per maturity criterion,
/// each targeting its objective as satisfied or not and naming its observations.
/// </summary>
public static class OscalAssessmentResults
{
    /// <summary>The OSCAL version the documents declare and are valid against.</summary>
    public const string OscalVersion = "1.1.2";

    /// <summary>The document as indented JSON.</summary>
    public static string ToJson(ComplianceAssessment assessment, DateTimeOffset now) => ToNode(assessment, now).ToJsonString(Json);

    /// <summary>The document as a JSON node.</summary>
    public static JsonObject ToNode(ComplianceAssessment assessment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var scope = ComplianceText.Scope(assessment.Plant);
        var observations = new Observations(assessment.At);
        var findings = new JsonArray();
        var controls = new List<string>();

        foreach (var zone in assessment.Zones)
        {
            foreach (var requirement in zone.Requirements.Where(r => r.Status != RequirementStatus.NotApplicable))
            {
                var target = OscalIds.Token($"{requirement.Id}");
                controls.Add(target);
                findings.Add(Finding(
                    $"zone/{zone.Plant}/{zone.Zone}/{requirement.Id}",
                    $"{requirement.Id} {requirement.Title}: zone {zone.Plant}/{zone.Zone}",
                    $"IEC 62443-3-3 {requirement.Id} (SL {requirement.Level}, {ComplianceText.Fr(requirement.Fr)}) for zone {zone.ZoneName} ({zone.Plant}/{zone.Zone}, SL-T {zone.Target}, SL-A {zone.Achieved}): {ComplianceText.Status(requirement.Status)}.{Attested(requirement.Attestation)}",
                    target,
                    !ComplianceSummary.IsFailing(requirement.Status),
                    observations.Add(requirement.Facts)));
            }
        }

        foreach (var conduit in assessment.Conduits)
        {
            foreach (var requirement in conduit.Requirements.Where(r => r.Status != RequirementStatus.NotApplicable))
            {
                var target = OscalIds.Token($"{requirement.Id}");
                controls.Add(target);
                findings.Add(Finding(
                    $"conduit/{conduit.Plant}/{conduit.Conduit}/{requirement.Id}",
                    $"{requirement.Id} {requirement.Title}: conduit {conduit.Plant}/{conduit.Conduit}",
                    $"IEC 62443-3-3 {requirement.Id} (SL {requirement.Level}, {ComplianceText.Fr(requirement.Fr)}) for conduit {conduit.Conduit} from {conduit.From} to {conduit.To} at {conduit.Plant} (SL-T {conduit.Target}, SL-A {conduit.Achieved}): {ComplianceText.Status(requirement.Status)}.{Attested(requirement.Attestation)}",
                    target,
                    !ComplianceSummary.IsFailing(requirement.Status),
                    observations.Add(requirement.Facts)));
            }
        }

        foreach (var control in assessment.Controls.Where(c => c.Applicable && c.Status != ControlStatus.NotApplicable))
        {
            var target = OscalIds.Token(control.Id);
            controls.Add(target);
            findings.Add(Finding(
                $"control/{scope}/{control.Id}",
                $"{control.Id} {control.Title}",
                $"ISO/IEC 27001:2022 Annex A {control.Id}: {ComplianceText.Status(control.Status)}. {control.Justification}{Attested(control.Attestation)}",
                target,
                !ComplianceSummary.IsFailing(control.Status),
                observations.Add(control.Facts)));
        }

        foreach (var pillar in assessment.Maturity)
        {
            foreach (var criterion in pillar.Criteria)
            {
                findings.Add(Finding(
                    $"maturity/{scope}/{criterion.Id}",
                    $"{ComplianceText.Pillar(pillar.Pillar)} ({criterion.Stage}): {criterion.Id}",
                    $"CISA Zero Trust Maturity Model v2, {ComplianceText.Pillar(pillar.Pillar)} at stage {criterion.Stage}: {criterion.Statement} ({(criterion.Met ? "met" : "not met")}; the pillar is at {pillar.Stage}).",
                    OscalIds.Token(criterion.Id),
                    criterion.Met,
                    observations.Add(criterion.Facts)));
            }
        }

        var result = new JsonObject
        {
            ["uuid"] = OscalIds.Uuid($"result/{assessment.Id}"),
            ["title"] = $"ZtFleet compliance assessment of {scope} at {ComplianceText.Time(assessment.At)}",
            ["description"] = "Evaluated from live state by ZtFleet: IEC 62443-3-3 per zone and conduit, the ISO/IEC 27001:2022 Annex A statement of applicability, and CISA Zero Trust maturity per pillar.",
            ["start"] = OscalIds.Time(assessment.At),
            ["end"] = OscalIds.Time(assessment.At),
            ["props"] = new JsonArray(
                Prop("assessment-id", assessment.Id),
                Prop("scope", scope),
                Prop("fleet-version", assessment.FleetVersion.ToString(CultureInfo.InvariantCulture))),
            ["reviewed-controls"] = new JsonObject
            {
                ["control-selections"] = new JsonArray(controls.Count == 0
                    ? new JsonObject { ["description"] = "No control or requirement was applicable.", ["include-all"] = new JsonObject() }
                    : new JsonObject
                    {
                        ["description"] = "IEC 62443-3-3 system requirements and ISO/IEC 27001:2022 Annex A controls evaluated.",
                        ["include-controls"] = new JsonArray(controls.Distinct(StringComparer.Ordinal).Select(c => (JsonNode)new JsonObject { ["control-id"] = c }).ToArray()),
                    }),
            },
        };
        if (observations.Nodes.Count > 0)
        {
            result["observations"] = observations.Nodes;
        }

        if (findings.Count > 0)
        {
            result["findings"] = findings;
        }

        return new JsonObject
        {
            ["assessment-results"] = new JsonObject
            {
                ["uuid"] = OscalIds.Uuid($"assessment-results/{assessment.Id}"),
                ["metadata"] = Metadata($"ZtFleet assessment results: {scope}", assessment.Id, now),
                ["import-ap"] = new JsonObject
                {
                    ["href"] = "urn:ztfleet:assessment-plan:continuous",
                    ["remarks"] = "ZtFleet assesses continuously from live state on a schedule and on demand; the plan is its documented catalogue (docs/iec62443.md, docs/iso27001.md, docs/maturity.md).",
                },
                ["results"] = new JsonArray(result),
            },
        };
    }

    /// <summary>The metadata every ZtFleet OSCAL document carries.</summary>
    internal static JsonObject Metadata(string title, string version, DateTimeOffset now) => new()
    {
        ["title"] = title,
        ["last-modified"] = OscalIds.Time(now),
        ["version"] = version,
        ["oscal-version"] = OscalVersion,
    };

    internal static JsonObject Prop(string name, string value) => new()
    {
        ["name"] = name,
        ["ns"] = OscalIds.PropertyNamespace,
        ["value"] = value,
    };

    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Attested(ComplianceAttestation? attestation) => attestation is null
        ? string.Empty
        : $" Attested by {attestation.By} at {ComplianceText.Time(attestation.At)}, evidence {attestation.Evidence}" + (attestation.Expires is { } e ? $", until {ComplianceText.Time(e)}." : ".");

    private static JsonObject Finding(string name, string title, string description, string target, bool satisfied, IReadOnlyList<string> observations)
    {
        var finding = new JsonObject
        {
            ["uuid"] = OscalIds.Uuid($"finding/{name}"),
            ["title"] = title,
            ["description"] = description,
            ["target"] = new JsonObject
            {
                ["type"] = "objective-id",
                ["target-id"] = target,
                ["status"] = new JsonObject
                {
                    ["state"] = satisfied ? "satisfied" : "not-satisfied",
                    ["reason"] = satisfied ? "pass" : "fail",
                },
            },
        };
        if (observations.Count > 0)
        {
            finding["related-observations"] = new JsonArray(observations.Select(o => (JsonNode)new JsonObject { ["observation-uuid"] = o }).ToArray());
        }

        return finding;
    }

    /// <summary>One observation per distinct fact (key and statement), collected at the assessment's time.</summary>
    private sealed class Observations(DateTimeOffset collected)
    {
        private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);

        public JsonArray Nodes { get; } = [];

        public IReadOnlyList<string> Add(IReadOnlyList<ComplianceFact> facts)
        {
            var uuids = new List<string>();
            foreach (var fact in facts)
            {
                var name = $"observation/{fact.Key}/{fact.Statement}";
                if (!_seen.TryGetValue(name, out var uuid))
                {
                    uuid = OscalIds.Uuid(name);
                    _seen[name] = uuid;
                    var node = new JsonObject
                    {
                        ["uuid"] = uuid,
                        ["title"] = fact.Key,
                        ["description"] = fact.Statement,
                        ["props"] = new JsonArray(Prop("holds", fact.Holds ? "true" : "false")),
                        ["methods"] = new JsonArray("TEST"),
                        ["types"] = new JsonArray("control-objective"),
                    };
                    if (fact.Subjects.Count > 0)
                    {
                        node["subjects"] = new JsonArray(fact.Subjects.Distinct().Select(s => (JsonNode)Subject(s)).ToArray());
                    }

                    node["collected"] = OscalIds.Time(collected);
                    Nodes.Add(node);
                }

                if (!uuids.Contains(uuid))
                {
                    uuids.Add(uuid);
                }
            }

            return uuids;
        }

        private static JsonObject Subject(ComplianceSubject subject) => new()
        {
            ["subject-uuid"] = OscalIds.Uuid($"subject/{subject.Kind}/{subject.Plant}/{subject.Id}"),
            ["type"] = subject.Kind switch
            {
                EntityKind.Asset => "inventory-item",
                EntityKind.Identity => "party",
                EntityKind.Plant => "location",
                _ => "component",
            },
            ["title"] = subject.Plant is { } plant ? $"{subject.Kind.ToString().ToLowerInvariant()} {plant}/{subject.Id}" : $"{subject.Kind.ToString().ToLowerInvariant()} {subject.Id}",
        };
    }
}
