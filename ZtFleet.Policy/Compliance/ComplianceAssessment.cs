using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance;

/// <summary>
/// One assessment, computed from live state at <see cref="At"/> for one plant (or the whole fleet when
/// <see cref="Plant"/> is null) against fleet version <see cref="FleetVersion"/>: IEC 62443-3-3 per zone and conduit,
/// the ISO/IEC 27001:2022 statement of applicability, and CISA maturity per pillar. Stored, compared over time, and
/// the input of the improvement plan and the report.
/// </summary>
public sealed record ComplianceAssessment(
    string Id,
    PlantId? Plant,
    DateTimeOffset At,
    long FleetVersion,
    IReadOnlyList<ZoneAssessment> Zones,
    IReadOnlyList<ConduitAssessment> Conduits,
    IReadOnlyList<ControlResult> Controls,
    IReadOnlyList<PillarMaturity> Maturity);
