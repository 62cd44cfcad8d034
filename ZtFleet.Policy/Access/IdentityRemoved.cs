using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Access;

/// <summary>The identity may no longer act at the plant (unassigned or deleted).</summary>
public sealed record IdentityRemoved(
    long Epoch,
    DateTimeOffset At,
    IdentityId Identity) : PlantDelta(Epoch, At);
