using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>An IEC 62443 zone (an area or a production cell) of one plant.</summary>
public sealed record ZoneSpec(
    ZoneId Id,
    string Name,
    ZoneKind Kind,
    PurdueLevel PurdueLevel,
    int SecurityLevelTarget,
    string? Description);
