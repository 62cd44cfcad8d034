using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Plants;

/// <summary>One page of an asset query and the total number of matches.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.AssetPage")]
public sealed record AssetPage(
    [property: Id(0)] int Total,
    [property: Id(1)] IReadOnlyList<AssetSpec> Items);
