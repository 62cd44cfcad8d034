namespace ZtFleet.Policy.Compliance;

/// <summary>
/// The fleet document's <c>compliance:</c> section: the attestations that decide what ZtFleet cannot observe
/// (docs/iec62443.md, docs/iso27001.md). Absent, the fleet keeps its current attestations when applied without prune.
/// </summary>
public sealed record ComplianceSettings(IReadOnlyList<ComplianceAttestation> Attestations)
{
    /// <summary>No attestation.</summary>
    public static ComplianceSettings Default { get; } = new([]);

    /// <summary>Most attestations a fleet may declare.</summary>
    public const int MaxAttestations = 5000;
}
