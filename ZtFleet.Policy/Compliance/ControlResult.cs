namespace ZtFleet.Policy.Compliance;

/// <summary>
/// One ISO/IEC 27001:2022 Annex A control in the statement of applicability (<c>A.5.15</c> access control): whether
/// it applies, its status, the justification an auditor reads, the live facts, and the IEC 62443-3-3 requirements
/// that share that evidence.
/// </summary>
public sealed record ControlResult(
    string Id,
    string Title,
    bool Applicable,
    ControlStatus Status,
    string Justification,
    IReadOnlyList<ComplianceFact> Facts,
    IReadOnlyList<string> RelatedRequirements,
    ComplianceAttestation? Attestation = null);
