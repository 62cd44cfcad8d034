using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance;

/// <summary>
/// IEC 62443-3-3 for one zone: the target (SL-T) and achieved (SL-A) vectors and every requirement evaluated. The
/// achieved level of an FR is the highest level whose requirements of that FR (and of every lower level) are all met
/// or attested.
/// </summary>
public sealed record ZoneAssessment(
    PlantId Plant,
    ZoneId Zone,
    string ZoneName,
    SecurityLevelVector Target,
    SecurityLevelVector Achieved,
    IReadOnlyList<RequirementResult> Requirements)
{
    /// <summary>
    /// The requirements this zone must meet for its target and does not: status not met or not attested, at a level
    /// no higher than the target of their FR. Requirements above the target are evaluated (so SL-A can exceed SL-T) but
    /// are not gaps.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<RequirementResult> Gaps =>
        Requirements.Where(r => r.Status is RequirementStatus.NotMet or RequirementStatus.NotAttested && r.Level <= Target[r.Fr]).ToList();
}
