using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Quarantine;

/// <inheritdoc cref="IQuarantineIndexGrain"/>
/// <remarks>
/// A quarantine claims its asset here before it records itself, so a crash in between can leave a claim with no
/// quarantine behind it. A later claim therefore asks the holder (a read that interleaves, so it cannot deadlock with
/// a holder calling this grain) and takes the slot over when the holder does not exist or is over.
/// </remarks>
[GrainType("quarantine-index")]
public sealed class QuarantineIndexGrain(
    [PersistentState("quarantine-index", ProviderNames.Storage)] IPersistentState<QuarantineIndexGrainState> state) : Grain, IQuarantineIndexGrain
{
    private PlantId Plant => PlantId.Parse(this.GetPrimaryKeyString());

    public async Task<string?> ClaimAsync(AssetId asset, string quarantineId, string? supersedes, CancellationToken cancellationToken = default)
    {
        var slot = state.State.Slots.GetValueOrDefault(asset.Value) ?? new QuarantineSlot(null, null);
        if (slot.Current == quarantineId || slot.Tightening == quarantineId)
        {
            return null;
        }

        slot = new QuarantineSlot(await OpenOrNullAsync(slot.Current, cancellationToken), await OpenOrNullAsync(slot.Tightening, cancellationToken));
        if (supersedes is null)
        {
            if (slot.Current is not null)
            {
                return slot.Current;
            }

            slot = slot with { Current = quarantineId };
        }
        else
        {
            if (slot.Current != supersedes || slot.Tightening is not null)
            {
                return slot.Tightening ?? slot.Current ?? supersedes;
            }

            slot = slot with { Tightening = quarantineId };
        }

        state.State.Slots[asset.Value] = slot;
        if (!state.State.Ids.Contains(quarantineId))
        {
            state.State.Ids.Add(quarantineId);
        }

        await state.WriteStateAsync(cancellationToken);
        return null;
    }

    public async Task PromoteAsync(AssetId asset, string quarantineId, CancellationToken cancellationToken = default)
    {
        if (state.State.Slots.GetValueOrDefault(asset.Value) is { } slot && slot.Current != quarantineId)
        {
            state.State.Slots[asset.Value] = new QuarantineSlot(quarantineId, slot.Tightening == quarantineId ? null : slot.Tightening);
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task ReleaseAsync(AssetId asset, string quarantineId, CancellationToken cancellationToken = default)
    {
        if (state.State.Slots.GetValueOrDefault(asset.Value) is not { } slot || (slot.Current != quarantineId && slot.Tightening != quarantineId))
        {
            return;
        }

        slot = new QuarantineSlot(slot.Current == quarantineId ? null : slot.Current, slot.Tightening == quarantineId ? null : slot.Tightening);
        if (slot.Current is null && slot.Tightening is null)
        {
            state.State.Slots.Remove(asset.Value);
        }
        else
        {
            state.State.Slots[asset.Value] = slot;
        }

        await state.WriteStateAsync(cancellationToken);
    }

    public Task<QuarantineSlot?> GetSlotAsync(AssetId asset, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Slots.GetValueOrDefault(asset.Value));

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Ids.ToList());

    private async Task<string?> OpenOrNullAsync(string? quarantineId, CancellationToken cancellationToken)
    {
        if (quarantineId is null)
        {
            return null;
        }

        var view = await GrainFactory.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(Plant, quarantineId)).GetAsync(cancellationToken);
        return view is { IsClosed: false } ? quarantineId : null;
    }
}
