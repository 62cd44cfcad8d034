using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Comparison;

/// <summary>
/// One item that moved between two assessments: what, from which value to which, which way, and since when the later
/// value holds: the first stored assessment of the unbroken run that ends in the later one
/// (<see cref="SinceAssessment"/>, at <see cref="Since"/>). <see cref="SinceIsLowerBound"/> says the run reaches the
/// oldest assessment that was read, so the value may hold from earlier still.
/// </summary>
public sealed record ComplianceChange(
    string Key,
    ComplianceItemKind Kind,
    PlantId? Plant,
    string Label,
    string Before,
    string After,
    ChangeDirection Direction,
    DateTimeOffset Since,
    string SinceAssessment,
    bool SinceIsLowerBound);
