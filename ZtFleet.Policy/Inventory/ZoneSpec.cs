using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>An IEC 62443 zone (an area or a production cell) of one plant.</summary>
/// <remarks>
/// <see cref="FailMode"/> says what enforcement points at its boundary do without the control plane;
/// <see cref="FailStaticMinutes"/> (1–10080) bounds <see cref="ZoneFailMode.Static"/> and is set only with it.
/// </remarks>
public sealed record ZoneSpec(
    ZoneId Id,
    string Name,
    ZoneKind Kind,
    PurdueLevel PurdueLevel,
    int SecurityLevelTarget,
    string? Description,
    ZoneFailMode FailMode = ZoneFailMode.Closed,
    int? FailStaticMinutes = null);
