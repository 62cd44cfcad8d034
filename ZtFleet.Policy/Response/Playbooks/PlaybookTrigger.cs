using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>
/// When a playbook fires: a detection (or an incident) of one of <see cref="DetectionTypes"/> at or above
/// <see cref="MinSeverity"/>, within the scope given by plants, zone kinds and asset types (each empty list means
/// any). <see cref="IncidentRules"/> fire on incidents instead (for example an incident that spans plants).
/// </summary>
/// <param name="DetectionTypes">Detection types that fire it; empty with incident rules only.</param>
/// <param name="MinSeverity">Lowest severity that fires it.</param>
public sealed record PlaybookTrigger(IReadOnlyList<DetectionType> DetectionTypes, Severity MinSeverity)
{
    /// <summary>Incident rules (<see cref="IncidentRule"/>) that fire it.</summary>
    public IReadOnlyList<IncidentRule> IncidentRules { get; init; } = [];

    /// <summary>Plant ids in scope; empty means every plant.</summary>
    public IReadOnlyList<string> Plants { get; init; } = [];

    /// <summary>Zone kinds in scope (fleet document spelling of <see cref="Inventory.ZoneKind"/>); empty means any.</summary>
    public IReadOnlyList<Inventory.ZoneKind> ZoneKinds { get; init; } = [];

    /// <summary>Asset types in scope; empty means any.</summary>
    public IReadOnlyList<Inventory.AssetType> AssetTypes { get; init; } = [];
}
