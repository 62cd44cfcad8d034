using ZtFleet.Policy.Vulnerabilities;

namespace ZtFleet.Grains.Vulnerabilities;

/// <summary>What an import did (or, in a dry run, would do).</summary>
/// <param name="Advisory">The advisory as stored (without its document).</param>
/// <param name="Matches">The known vulnerabilities it gives assets, in every plant.</param>
/// <param name="Undecided">Assets whose vendor and model match a product but whose firmware cannot be compared.</param>
/// <param name="Warnings">What was read but matches nothing (an unreadable version range).</param>
/// <param name="ReplacedVersion">The revision it replaced, or null when it is new.</param>
/// <param name="DryRun">True when nothing was stored.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.AdvisoryImportResult")]
public sealed record AdvisoryImportResult(
    [property: Id(0)] AdvisoryRecord Advisory,
    [property: Id(1)] IReadOnlyList<KnownVulnerability> Matches,
    [property: Id(2)] IReadOnlyList<string> Undecided,
    [property: Id(3)] IReadOnlyList<string> Warnings,
    [property: Id(4)] string? ReplacedVersion,
    [property: Id(5)] bool DryRun);
