namespace ZtFleet.Policy.Compliance;

/// <summary>
/// The result of one IEC 62443-3-3 system requirement or requirement enhancement (<c>SR 1.1</c>, <c>SR 1.1 RE 1</c>)
/// for a zone or conduit: its foundational requirement, the security level at which it is first required, the
/// status and the facts used. <see cref="Attestation"/> is the attestation that decided an unobservable requirement.
/// </summary>
public sealed record RequirementResult(
    string Id,
    string Title,
    FoundationalRequirement Fr,
    int Level,
    RequirementStatus Status,
    IReadOnlyList<ComplianceFact> Facts,
    ComplianceAttestation? Attestation = null);
