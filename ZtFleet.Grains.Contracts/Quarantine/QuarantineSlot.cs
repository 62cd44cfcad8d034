namespace ZtFleet.Grains.Quarantine;

/// <summary>The open quarantines of one asset: the one it is (or is about to be) in, and a pending tightening of it.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.QuarantineSlot")]
public sealed record QuarantineSlot(
    [property: Id(0)] string? Current,
    [property: Id(1)] string? Tightening);
