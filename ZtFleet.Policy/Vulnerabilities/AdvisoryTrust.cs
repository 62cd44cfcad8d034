using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// Known vulnerabilities as asset trust factors (kind <see cref="TrustFactorKind.Vulnerability"/>, docs/trust.md): one
/// per CVE, at its highest CVSS among the advisories that give it, with the source <c>CVE-2024-1234 (SSA-123456)</c> so
/// that a factor from an advisory is told apart from one of the fleet document's CVE list (a bare id).
/// </summary>
public static class AdvisoryTrust
{
    /// <summary>The source of an advisory's factor.</summary>
    public static string Source(string cve, string advisoryId) => $"{cve} ({advisoryId})";

    /// <summary>True for the source of a factor that came from an advisory.</summary>
    public static bool IsAdvisorySource(string source) =>
        source is not null && source.EndsWith(')') && source.Contains(" (", StringComparison.Ordinal);

    /// <summary>The CVE of a factor's source (the whole source for a bare id).</summary>
    public static string CveOf(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var open = source.IndexOf(" (", StringComparison.Ordinal);
        return IsAdvisorySource(source) && open > 0 ? source[..open] : source;
    }

    /// <summary>The factors of one asset's known vulnerabilities, observed at <paramref name="at"/> (one per CVE).</summary>
    public static IReadOnlyList<TrustFactor> Factors(IEnumerable<KnownVulnerability> known, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(known);
        return known
            .GroupBy(k => k.Cve, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(k => k.Cvss ?? -1).ThenBy(k => k.AdvisoryId, StringComparer.Ordinal).First())
            .OrderBy(k => k.Cve, StringComparer.Ordinal)
            .Select(k => new TrustFactor(
                TrustFactorKind.Vulnerability,
                Source(k.Cve, k.AdvisoryId),
                at,
                Cvss: k.Cvss,
                Detail: k.Title is null ? $"{k.Publisher} advisory {k.AdvisoryId}: {k.Product}" : $"{k.Title} ({k.Publisher} advisory {k.AdvisoryId})"))
            .ToList();
    }
}
