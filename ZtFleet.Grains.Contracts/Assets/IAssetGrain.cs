using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Assets;

/// <summary>One asset, keyed <c>plantId/assetId</c>: its inventory facts and (later) trust and quarantine.</summary>
[Alias("ztfleet.IAssetGrain")]
public interface IAssetGrain : IGrainWithStringKey
{
    /// <summary>Sets the asset's inventory facts as its plant defines them; null removes the asset.</summary>
    Task SetFactsAsync(AssetSpec? facts, CancellationToken cancellationToken = default);

    /// <summary>The asset's facts, or null when it does not exist.</summary>
    Task<AssetSpec?> GetFactsAsync(CancellationToken cancellationToken = default);
}
