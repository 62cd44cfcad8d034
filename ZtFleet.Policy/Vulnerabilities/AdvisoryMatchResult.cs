namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// What an advisory means for a set of assets: the known vulnerabilities it gives them, and the assets whose vendor and
/// model match a product but whose firmware could not be compared (unknown, or not a version), as sentences.
/// </summary>
public sealed record AdvisoryMatchResult(IReadOnlyList<KnownVulnerability> Vulnerabilities, IReadOnlyList<string> Undecided);
