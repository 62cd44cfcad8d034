using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Identities;

/// <summary>The epoch at which a plant recorded a change: a consistency token (<c>at_least_epoch</c>).</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantEpoch")]
public sealed record PlantEpoch(
    [property: Id(0)] PlantId Plant,
    [property: Id(1)] long Epoch);
