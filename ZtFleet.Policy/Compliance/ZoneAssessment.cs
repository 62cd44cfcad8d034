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
    IReadOnlyList<RequirementResult> Requirements);
