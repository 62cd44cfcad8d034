namespace ZtFleet.Policy.Access;

/// <summary>
/// A shift started or ended (with grace) at <see cref="Boundary"/>. Informational: decisions are already a function
/// of time; the delta tells enforcement points to drop cached sessions that depended on the shift now.
/// </summary>
public sealed record ShiftBoundary(
    long Epoch,
    DateTimeOffset At,
    string Shift,
    DateTimeOffset Boundary,
    bool Starts) : PlantDelta(Epoch, At);
