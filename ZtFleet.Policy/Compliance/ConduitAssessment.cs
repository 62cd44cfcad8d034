using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance;

/// <summary>
/// IEC 62443-3-3 for one conduit: the requirements that concern the communication between its two zones (deny by
/// default, least functionality, integrity, session control), evaluated against the higher SL-T of the two.
/// </summary>
public sealed record ConduitAssessment(
    PlantId Plant,
    ConduitId Conduit,
    ZoneId From,
    ZoneId To,
    SecurityLevelVector Target,
    SecurityLevelVector Achieved,
    IReadOnlyList<RequirementResult> Requirements);
