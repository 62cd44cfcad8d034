using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Assets;

/// <inheritdoc cref="IAssetGrain"/>
[GrainType("asset")]
public sealed class AssetGrain(
    [PersistentState("asset", ProviderNames.Storage)] IPersistentState<AssetGrainState> state) : Grain, IAssetGrain
{
    public async Task SetFactsAsync(AssetSpec? facts, CancellationToken cancellationToken = default)
    {
        if (ContentEquality.Same(state.State.Facts, facts))
        {
            return;
        }

        state.State.Facts = facts;
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<AssetSpec?> GetFactsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Facts);
}
