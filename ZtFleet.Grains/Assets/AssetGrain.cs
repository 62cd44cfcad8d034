using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Assets;

/// <inheritdoc cref="IAssetGrain"/>
/// <remarks>
/// The asset's facts have one home, its plant's definition: this grain reads them from there instead of keeping a
/// second copy that an apply of a 10,000-asset plant would have to rewrite 10,000 times. What it persists is its own
/// runtime state, in two rows so that each write is proportional to what changed: the behaviour baseline
/// (<c>AssetGrain.Baseline.cs</c>) and the trust factors and tier (<c>AssetGrain.Trust.cs</c>).
/// </remarks>
[GrainType("asset")]
public sealed partial class AssetGrain(
    [PersistentState("asset-baseline", ProviderNames.Storage)] IPersistentState<AssetBaselineState> baseline,
    [PersistentState("asset-trust", ProviderNames.Storage)] IPersistentState<AssetTrustState> trust,
    ControlPlaneClock time,
    ILogger<AssetGrain> logger) : Grain, IAssetGrain
{
    /// <summary>Saves the runtime state that is written lazily (the baseline learned since the last timer tick).</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        SaveBaselineOnDeactivationAsync(reason, cancellationToken);

    public Task<AssetSpec?> GetFactsAsync(CancellationToken cancellationToken = default)
    {
        var (plant, asset) = GrainKeys.ParseAsset(this.GetPrimaryKeyString());
        return GrainFactory.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetAssetAsync(asset, cancellationToken);
    }
}
