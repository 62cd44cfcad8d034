using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Zones;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Plants;

/// <inheritdoc cref="IPlantGrain"/>
[GrainType("plant")]
public sealed class PlantGrain(
    [PersistentState("plant", ProviderNames.Storage)] IPersistentState<PlantGrainState> state) : Grain, IPlantGrain
{
    private IReadOnlyList<RankedAsset>? _ranking;

    private PlantId Id => PlantId.Parse(this.GetPrimaryKeyString());

    public async Task StageAsync(Guid applyId, PlantDefinition? definition, CancellationToken cancellationToken = default)
    {
        if (definition is not null && definition.Spec.Id != Id)
        {
            throw new ArgumentException($"Definition of plant '{definition.Spec.Id}' sent to plant '{Id}'.", nameof(definition));
        }

        state.State.StagedApplyId = applyId;
        state.State.Staged = definition;
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
            throw new InvalidOperationException($"Plant '{Id}' has nothing staged under apply {applyId}.");
        }

        var previous = state.State.Current;
        var next = state.State.Staged;

        // Children first, then our own state: a crash in between leaves the stage in place and the fleet grain
        // commits again, which re-sends the same (idempotent) facts.
        await TellZonesAsync(previous?.Spec, next?.Spec, cancellationToken);
        await TellAssetsAsync(previous?.Spec, next?.Spec, cancellationToken);

        state.State.Current = next;
        state.State.Staged = null;
        state.State.StagedApplyId = null;
        state.State.LastCommittedApplyId = applyId;
        state.State.Epoch++;
        await state.WriteStateAsync(cancellationToken);
        _ranking = null;
    }

    public Task<PlantDefinition?> GetDefinitionAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Current);

    public Task<AssetPage> QueryAssetsAsync(AssetFilter filter, int offset, int limit, CancellationToken cancellationToken = default)
    {
        if (state.State.Current is not { } current)
        {
            return Task.FromResult(new AssetPage(0, []));
        }

        var matches = AssetQuery.Filter(current.Spec, filter).OrderBy(a => a.Id.Value, StringComparer.Ordinal).ToList();
        var page = matches.Skip(Math.Max(0, offset)).Take(Math.Max(0, limit)).ToList();
        return Task.FromResult(new AssetPage(matches.Count, page));
    }

    public Task<IReadOnlyList<RankedAsset>> RankAssetsAsync(int top, CancellationToken cancellationToken = default)
    {
        if (state.State.Current is not { } current)
        {
            return Task.FromResult<IReadOnlyList<RankedAsset>>([]);
        }

        _ranking ??= CriticalityRanking.Rank(current.Spec, current.Identities);
        return Task.FromResult<IReadOnlyList<RankedAsset>>(_ranking.Take(Math.Max(0, top)).ToList());
    }

    public Task<BlastRadiusResult?> GetBlastRadiusAsync(AssetId asset, CancellationToken cancellationToken = default)
    {
        if (state.State.Current is not { } current || current.Spec.Assets.All(a => a.Id != asset))
        {
            return Task.FromResult<BlastRadiusResult?>(null);
        }

        return Task.FromResult<BlastRadiusResult?>(BlastRadius.Compute(current.Spec, asset));
    }

    private async Task TellZonesAsync(PlantSpec? previous, PlantSpec? next, CancellationToken cancellationToken)
    {
        var before = previous is null ? new Dictionary<ZoneId, ZoneState>() : ZoneStates(previous);
        var after = next is null ? new Dictionary<ZoneId, ZoneState>() : ZoneStates(next);
        var updates = new List<(ZoneId Zone, ZoneState? State)>();
        foreach (var (zone, zoneState) in after)
        {
            if (!before.TryGetValue(zone, out var old) || !ContentEquality.Same(old, zoneState))
            {
                updates.Add((zone, zoneState));
            }
        }

        updates.AddRange(before.Keys.Where(zone => !after.ContainsKey(zone)).Select(zone => (zone, (ZoneState?)null)));
        await FanOut.RunAsync(updates, u => GrainFactory.GetGrain<IZoneGrain>(GrainKeys.Zone(Id, u.Zone)).SetAsync(u.State, cancellationToken));
    }

    private async Task TellAssetsAsync(PlantSpec? previous, PlantSpec? next, CancellationToken cancellationToken)
    {
        var before = previous?.Assets.ToDictionary(a => a.Id) ?? [];
        var after = next?.Assets ?? [];
        var afterIds = after.Select(a => a.Id).ToHashSet();
        var updates = new List<(AssetId Asset, AssetSpec? Facts)>();
        foreach (var asset in after)
        {
            if (!before.TryGetValue(asset.Id, out var old) || !ContentEquality.Same(old, asset))
            {
                updates.Add((asset.Id, asset));
            }
        }

        updates.AddRange(before.Keys.Where(id => !afterIds.Contains(id)).Select(id => (id, (AssetSpec?)null)));
        await FanOut.RunAsync(updates, u => GrainFactory.GetGrain<IAssetGrain>(GrainKeys.Asset(Id, u.Asset)).SetFactsAsync(u.Facts, cancellationToken));
    }

    private static Dictionary<ZoneId, ZoneState> ZoneStates(PlantSpec plant)
    {
        var members = plant.Assets.ToLookup(a => a.Zone, a => a.Id);
        return plant.Zones.ToDictionary(
            z => z.Id,
            z => new ZoneState(
                plant.Id,
                z,
                members[z.Id].OrderBy(id => id.Value, StringComparer.Ordinal).ToList(),
                plant.Conduits.Where(c => c.From == z.Id || c.To == z.Id).ToList()));
    }
}
