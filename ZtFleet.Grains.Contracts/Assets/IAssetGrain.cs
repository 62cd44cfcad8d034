using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Assets;

/// <summary>One asset, keyed <c>plantId/assetId</c>: its inventory facts (read from its plant) and its runtime state.</summary>
[Alias("ztfleet.IAssetGrain")]
public interface IAssetGrain : IGrainWithStringKey
{
    /// <summary>The asset's facts as its plant's definition in force has them, or null when it does not exist.</summary>
    Task<AssetSpec?> GetFactsAsync(CancellationToken cancellationToken = default);
}
