using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Plants;

/// <summary>The quarantines in force at a plant, by asset id, and the plant epoch they reflect.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantQuarantines")]
public sealed record PlantQuarantines(
    [property: Id(0)] IReadOnlyList<AssetQuarantine> InForce,
    [property: Id(1)] long Epoch);
