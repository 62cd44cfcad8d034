using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Assets;

/// <inheritdoc cref="IAssetGrain"/>
/// <remarks>
/// The asset's facts have one home, its plant's definition: this grain reads them from there instead of keeping a
/// second copy that an apply of a 10,000-asset plant would have to rewrite 10,000 times. What it will persist is its
/// own runtime state (trust, behaviour baseline).
/// </remarks>
[GrainType("asset")]
public sealed class AssetGrain : Grain, IAssetGrain
{
    public Task<AssetSpec?> GetFactsAsync(CancellationToken cancellationToken = default)
    {
        var (plant, asset) = GrainKeys.ParseAsset(this.GetPrimaryKeyString());
        return GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetAssetAsync(asset, cancellationToken);
    }
}
