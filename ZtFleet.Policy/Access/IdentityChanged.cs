namespace ZtFleet.Policy.Access;

/// <summary>
/// An identity's state at the plant is now <see cref="Identity"/> (added or replaced whole).
/// <see cref="Reason"/> is one of <see cref="IdentityChangeReasons"/>.
/// </summary>
public sealed record IdentityChanged(
    long Epoch,
    DateTimeOffset At,
    IdentityAtPlant Identity,
    string Reason) : PlantDelta(Epoch, At);
