using System.Globalization;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Reads the fleet document's <c>compliance:</c> section (docs/fleet-document.md, "compliance") into
/// <see cref="ComplianceSettings"/>. The rules (known requirement ids, plants and zones that exist, expiry after the
/// statement) are checked by <see cref="FleetDocumentValidator"/>; this reports unknown keys, missing fields and times
/// that are not ISO 8601.
/// </summary>
internal static class FleetDocumentComplianceSection
{
    private static readonly string[] ComplianceKeys = ["attestations"];
    private static readonly string[] AttestationKeys = ["requirement", "plant", "zone", "by", "at", "evidence", "expires"];

    public static ComplianceSettings Read(DocumentMapping mapping, DocumentReadContext context)
    {
        var fields = new DocumentFields(mapping, "compliance", 0, ComplianceKeys, context);
        return new ComplianceSettings(fields.List("attestations", (node, index) => ReadAttestation(node, index, context)));
    }

    private static ComplianceAttestation? ReadAttestation(DocumentNode node, int index, DocumentReadContext context)
    {
        var path = FleetDocumentValidator.Key("compliance.attestations", null, index);
        if (node is not DocumentMapping mapping)
        {
            context.Report(path, DocumentReadContext.Detached, node.Line, "an attestation must be a mapping (requirement, plant, zone, by, at, evidence, expires)");
            return null;
        }

        var occurrence = context.Enter(path, mapping.Line);
        var fields = new DocumentFields(mapping, path, occurrence, AttestationKeys, context);
        foreach (var required in new[] { "requirement", "by", "at", "evidence" })
        {
            if (!fields.Has(required))
            {
                context.Report($"{path}.{required}", occurrence, mapping.Line, Missing(required));
            }
        }

        var at = Time(fields, "at", path, occurrence, context);
        var expires = Time(fields, "expires", path, occurrence, context);
        PlantId? plant = fields.Has("plant") && fields.Id<PlantId>("plant") is { Value: not null } p ? p : null;
        ZoneId? zone = fields.Has("zone") && fields.Id<ZoneId>("zone") is { Value: not null } z ? z : null;
        // Kept even when incomplete, so the validator's positions match the document's (it reports what is missing).
        return new ComplianceAttestation(
            ComplianceAttestations.Canonical(fields.Text("requirement") ?? string.Empty),
            plant,
            zone,
            fields.Text("by")?.Trim() ?? string.Empty,
            at ?? default,
            fields.Text("evidence")?.Trim() ?? string.Empty,
            expires);
    }

    private static string Missing(string key) => key switch
    {
        "requirement" => "requirement is required: an IEC 62443-3-3 requirement (SR 7.5, SR 1.1 RE 2) or an ISO/IEC 27001 Annex A control (A.8.17)",
        "by" => "by is required: who attests",
        "at" => "at is required: when it was attested (2026-11-01 or 2026-11-01T09:00:00Z)",
        _ => "evidence is required: a reference to the evidence (document, ticket, report)",
    };

    /// <summary>An ISO 8601 date (midnight UTC) or date and time with an offset (Z when omitted).</summary>
    internal static DateTimeOffset? Time(DocumentFields fields, string key, string path, int occurrence, DocumentReadContext context)
    {
        if (fields.Text(key) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(
                text.Trim(),
                ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mmK"],
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var parsed))
        {
            return parsed;
        }

        context.Report($"{path}.{key}", occurrence, fields.LineOf(key), $"{Echo.Of(text)} is not a valid {key}: an ISO 8601 date (2026-11-01) or time (2026-11-01T09:00:00Z)");
        return null;
    }
}
