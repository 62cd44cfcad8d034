using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Identities;

/// <inheritdoc cref="IIdentityGrain"/>
[GrainType("identity")]
public sealed class IdentityGrain(
    [PersistentState("identity", ProviderNames.Storage)] IPersistentState<IdentityGrainState> state) : Grain, IIdentityGrain
{
    public async Task StageAsync(Guid applyId, IdentitySpec? spec, CancellationToken cancellationToken = default)
    {
        state.State.StagedApplyId = applyId;
        state.State.Staged = spec;
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task CommitAsync(Guid applyId, CancellationToken cancellationToken = default)
    {
        if (state.State.LastCommittedApplyId == applyId)
        {
            return;
        }

        if (state.State.StagedApplyId != applyId)
        {
            throw new InvalidOperationException($"Identity '{this.GetPrimaryKeyString()}' has nothing staged under apply {applyId}.");
        }

        state.State.Current = state.State.Staged;
        state.State.Staged = null;
        state.State.StagedApplyId = null;
        state.State.LastCommittedApplyId = applyId;
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<IdentitySpec?> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Current);
}
