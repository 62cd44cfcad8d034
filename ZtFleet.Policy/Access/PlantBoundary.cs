namespace ZtFleet.Policy.Access;

/// <summary>
/// A moment when access that depends on a shift or a maintenance window changes: <paramref name="Calendar"/> is the
/// shift or window id, <paramref name="Starts"/> false for an end (for a shift, its end plus the grace).
/// </summary>
public readonly record struct PlantBoundary(string Calendar, DateTimeOffset At, bool Starts);
