namespace ZtFleet.Grains.Propagation;

/// <summary>What an append did: stored a new entry, or found the same command's entry already there.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.DeltaAppendResult")]
public sealed record DeltaAppendResult(
    [property: Id(0)] long Epoch,
    [property: Id(1)] bool Duplicate);
