using ZtFleet.Policy.Access;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Plants;

/// <summary>
/// What a plant view needs to build a <c>PlantSnapshot</c>: the definition, the identities that may act at the
/// plant with their runtime state, the quarantines in force, and the epochs all of it reflects.
/// </summary>
/// <param name="Quarantines">The quarantines in force (null in data written before quarantines existed).</param>
/// <param name="AssetTrust">The assets whose enforced trust tier is below trusted (null in data written before trust tiers existed).</param>
/// <param name="SegmentationEpoch">The epoch of the last definition or quarantine change; 0: unknown, use <paramref name="Epoch"/>.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantSnapshotData")]
public sealed record PlantSnapshotData(
    [property: Id(0)] PlantDefinition Definition,
    [property: Id(1)] IReadOnlyList<IdentityAtPlant> Identities,
    [property: Id(2)] long Epoch,
    [property: Id(3)] IReadOnlyList<AssetQuarantine>? Quarantines = null,
    [property: Id(4)] long SegmentationEpoch = 0,
    [property: Id(5)] IReadOnlyList<AssetTrust>? AssetTrust = null);
