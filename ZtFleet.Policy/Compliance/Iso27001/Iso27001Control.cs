namespace ZtFleet.Policy.Compliance.Iso27001;

/// <summary>
/// One ISO/IEC 27001:2022 Annex A control in ZtFleet's statement of applicability: its id (<c>A.8.15</c>), a title in
/// ZtFleet's words, why it applies to zero trust in OT, the plant-level facts that show it (zone facts are read across
/// every zone of the plant), and the IEC 62443-3-3 requirements that share that evidence. A control with no facts is
/// decided by an attestation.
/// </summary>
public sealed record Iso27001Control(
    string Id,
    string Title,
    string Justification,
    IReadOnlyList<string> Facts,
    IReadOnlyList<string> RelatedRequirements);
