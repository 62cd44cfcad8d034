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
    IReadOnlyList<RequirementResult> Requirements)
{
    /// <summary>
    /// The requirements this conduit must meet for its target and does not: status not met or not attested, at a level
    /// no higher than the target of their FR. Requirements above the target are evaluated (so SL-A can exceed SL-T) but
    /// are not gaps.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<RequirementResult> Gaps =>
        Requirements.Where(r => r.Status is RequirementStatus.NotMet or RequirementStatus.NotAttested && r.Level <= Target[r.Fr]).ToList();
}
