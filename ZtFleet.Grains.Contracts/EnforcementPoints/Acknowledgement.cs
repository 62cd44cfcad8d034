namespace ZtFleet.Grains.EnforcementPoints;

/// <summary>An enforcement point said, at <see cref="At"/>, that it had applied every delta up to <see cref="Epoch"/>.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.Acknowledgement")]
public sealed record Acknowledgement(
    [property: Id(0)] long Epoch,
    [property: Id(1)] DateTimeOffset At);
