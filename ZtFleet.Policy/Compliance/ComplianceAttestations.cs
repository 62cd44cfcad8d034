using System.Text.RegularExpressions;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance;

/// <summary>
/// Finding the attestation that decides a requirement or control, and the canonical spelling of their ids
/// (<c>SR 7.5</c>, <c>SR 1.1 RE 2</c>, <c>A.7.1</c>).
/// </summary>
public static partial class ComplianceAttestations
{
    /// <summary>
    /// The attestation in force at <paramref name="now"/> for <paramref name="requirement"/> at <paramref name="plant"/>
    /// and one of <paramref name="zones"/> (empty: the plant as a whole): one naming a zone of them wins over one for the
    /// whole plant, which wins over one for every plant; among equals the latest <see cref="ComplianceAttestation.At"/>.
    /// Null when none is in force.
    /// </summary>
    public static ComplianceAttestation? Find(
        IEnumerable<ComplianceAttestation> attestations, string requirement, PlantId plant, IReadOnlyCollection<ZoneId> zones, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(attestations);
        var id = Canonical(requirement);
        return attestations
            .Where(a => a.InForce(now) && Canonical(a.Requirement) == id && (a.Plant is null || a.Plant == plant)
                && (a.Zone is null || zones.Contains(a.Zone.Value)))
            .OrderByDescending(a => a.Zone is not null)
            .ThenByDescending(a => a.Plant is not null)
            .ThenByDescending(a => a.At)
            .FirstOrDefault();
    }

    /// <summary>
    /// The canonical spelling of a requirement or control id: <c>sr1.1re2</c>, <c>SR 1.1 (RE 2)</c> and
    /// <c>SR 1.1 RE 2</c> are all <c>SR 1.1 RE 2</c>; <c>a.8.15</c> is <c>A.8.15</c>. Anything else is returned trimmed.
    /// </summary>
    public static string Canonical(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var sr = SrPattern().Match(id);
        if (sr.Success)
        {
            return sr.Groups["re"].Success ? $"SR {sr.Groups["sr"].Value} RE {sr.Groups["re"].Value}" : $"SR {sr.Groups["sr"].Value}";
        }

        var annex = AnnexPattern().Match(id);
        return annex.Success ? $"A.{annex.Groups["c"].Value}" : id.Trim();
    }

    /// <summary>The id an attestation is listed under in a diff and named as a subject: <c>SR 7.5@berlin/cell-1</c>, <c>A.8.17@*</c>.</summary>
    public static string Key(ComplianceAttestation attestation)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        var where = attestation.Plant?.Value ?? "*";
        return attestation.Zone is { } zone ? $"{Canonical(attestation.Requirement)}@{where}/{zone}" : $"{Canonical(attestation.Requirement)}@{where}";
    }

    [GeneratedRegex(@"^\s*SR\s*(?<sr>[1-7]\.[0-9]{1,2})\s*(\(?\s*RE\s*(?<re>[0-9]{1,2})\s*\)?)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SrPattern();

    [GeneratedRegex(@"^\s*A\s*\.\s*(?<c>[5-8]\.[0-9]{1,2})\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnnexPattern();
}
