namespace ZtFleet.Policy.Compliance.Comparison;

/// <summary>
/// What changed from one assessment (<see cref="FromId"/>) to a later one (<see cref="ToId"/>): the items that
/// improved and regressed with since when each later value holds, how many stayed, and how many items exist in one
/// of them only (a zone added or removed, a requirement that became applicable).
/// </summary>
public sealed record ComplianceComparison(
    string FromId,
    DateTimeOffset FromAt,
    string ToId,
    DateTimeOffset ToAt,
    IReadOnlyList<ComplianceChange> Improved,
    IReadOnlyList<ComplianceChange> Regressed,
    int Unchanged,
    int Added,
    int Removed);
