using ZtFleet.Policy.Access;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Iec62443;
using ZtFleet.Policy.Compliance.Iso27001;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>The rules of the <c>compliance:</c> section (docs/fleet-document.md, "compliance").</summary>
public static partial class FleetDocumentValidator
{
    /// <summary>Longest <c>by</c> and <c>evidence</c> of an attestation, in characters.</summary>
    public const int MaxAttestationText = 500;

    private static void CheckCompliance(ComplianceSettings compliance, IReadOnlyList<PlantSpec> plants, IReadOnlySet<PlantId>? knownPlants, Sink sink)
    {
        var attestations = compliance.Attestations ?? [];
        if (attestations.Count > ComplianceSettings.MaxAttestations)
        {
            sink.Enter("compliance").Report("attestations", $"attestations holds {attestations.Count} attestations; at most {ComplianceSettings.MaxAttestations}");
        }

        var inDocument = new Dictionary<PlantId, PlantSpec>();
        foreach (var plant in plants)
        {
            if (plant.Id.Value is not null)
            {
                inDocument.TryAdd(plant.Id, plant);
            }
        }

        var seen = new HashSet<(string, DateTimeOffset)>();
        for (var i = 0; i < attestations.Count; i++)
        {
            var attestation = attestations[i];
            var scope = sink.Enter(Key("compliance.attestations", null, i));
            if (attestation is null)
            {
                scope.ReportSelf("an attestation must be a mapping (requirement, plant, zone, by, at, evidence, expires)");
                continue;
            }

            if (string.IsNullOrWhiteSpace(attestation.Requirement))
            {
                scope.Report("requirement", "requirement is required: an IEC 62443-3-3 requirement (SR 7.5, SR 1.1 RE 2) or an ISO/IEC 27001 Annex A control (A.8.17)");
            }
            else if (Iec62443Catalogue.Find(attestation.Requirement) is null && Iso27001Catalogue.Find(attestation.Requirement) is null)
            {
                scope.Report(
                    "requirement",
                    $"{Echo.Of(attestation.Requirement)} is not a requirement or control ZtFleet assesses: an IEC 62443-3-3 id such as SR 7.5 or SR 1.1 RE 2 (docs/iec62443.md), or an ISO/IEC 27001 control such as A.8.17 (docs/iso27001.md)");
            }

            if (attestation.Plant is { } plant)
            {
                if (inDocument.TryGetValue(plant, out var spec))
                {
                    if (attestation.Zone is { } zone && (spec.Zones ?? []).All(z => z.Id != zone))
                    {
                        scope.Report("zone", $"zone '{zone}' does not exist at plant '{plant}'");
                    }
                }
                else if (knownPlants is null || !knownPlants.Contains(plant))
                {
                    scope.Report("plant", $"plant '{plant}' does not exist");
                }
            }
            else if (attestation.Zone is { } zone)
            {
                scope.Report("zone", $"zone '{zone}' needs a plant: name the plant the zone belongs to");
            }

            CheckAttestationText(attestation.By, "by", "who attests", scope);
            CheckAttestationText(attestation.Evidence, "evidence", "a reference to the evidence (document, ticket, report)", scope);
            if (attestation.At == default)
            {
                scope.Report("at", "at is required: when it was attested (2026-11-01 or 2026-11-01T09:00:00Z)");
            }
            else if (attestation.At < TemporaryAccessRules.Earliest)
            {
                scope.Report("at", "at may not be before 2000-01-01");
            }
            else if (attestation.Expires is { } expires && expires <= attestation.At)
            {
                scope.Report("expires", "expires must be after at: an attestation that expires when it is made never counts");
            }
            else if (!seen.Add((ComplianceAttestations.Key(attestation), attestation.At)))
            {
                scope.ReportSelf($"{ComplianceAttestations.Key(attestation)} is attested twice at the same time; remove one");
            }
        }
    }

    private static void CheckAttestationText(string? value, string field, string what, Scope scope)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            scope.Report(field, $"{field} is required: {what}");
        }
        else if (value.Length > MaxAttestationText)
        {
            scope.Report(field, $"{field} holds {value.Length} characters; at most {MaxAttestationText}");
        }
    }
}
