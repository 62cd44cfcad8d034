namespace ZtFleet.Policy.Inventory;

/// <summary>
/// A recurring shift in the plant's own time zone. <see cref="End"/> earlier than or equal to <see cref="Start"/>
/// means the shift crosses midnight and ends the next day. <see cref="Days"/> are the days the shift starts on.
/// </summary>
public sealed record ShiftSpec(
    string Id,
    string Name,
    TimeOnly Start,
    TimeOnly End,
    IReadOnlyList<DayOfWeek> Days);
