namespace ZtFleet.Policy.Access;

/// <summary>
/// A recurring maintenance window of a plant, in the plant's time zone, shaped like a shift: <see cref="End"/>
/// earlier than or equal to <see cref="Start"/> crosses midnight, and <see cref="Days"/> are the days it starts on.
/// </summary>
public sealed record MaintenanceWindowSpec(
    string Id,
    string Name,
    TimeOnly Start,
    TimeOnly End,
    IReadOnlyList<DayOfWeek> Days);
