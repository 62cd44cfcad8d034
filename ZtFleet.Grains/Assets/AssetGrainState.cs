using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Assets;

/// <summary>Persisted state of an asset grain.</summary>
[GenerateSerializer, Alias("ztfleet.AssetGrainState")]
public sealed class AssetGrainState
{
    [Id(0)]
    public AssetSpec? Facts { get; set; }
}
