using ZtFleet.Grains.Zones;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Grains.Plants;

/// <summary>Reads over the definition and runtime state; derived indexes are built once per definition.</summary>
public sealed partial class PlantGrain
{
    private IReadOnlyList<RankedAsset>? _ranking;
    private Dictionary<AssetId, AssetSpec>? _assets;
    private ILookup<ZoneId, AssetId>? _members;

    public Task<PlantDefinition?> GetDefinitionAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(definition.State.Current);

    public Task<PlantSummaryData?> GetSummaryAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(definition.State.Current is { Spec: var spec } current
            ? new PlantSummaryData(
                spec.Id,
                spec.Name,
                spec.TimeZone,
                spec.Zones,
                spec.Assets.Count,
                spec.Conduits.Count,
                spec.Flows.Count,
                current.Identities.Count,
                runtime.State.Epoch,
                spec.DefinedMaintenanceWindows)
            : null);

    public Task<PlantSnapshotData?> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(definition.State.Current is { } current
            ? new PlantSnapshotData(
                current,
                runtime.State.Identities.Values.OrderBy(i => i.Id.Value, StringComparer.Ordinal).ToList(),
                runtime.State.Epoch,
                Sorted(runtime.State.Quarantines.Values),
                runtime.State.SegmentationEpoch,
                (runtime.State.AssetTrust?.Values.AsEnumerable() ?? []).OrderBy(t => t.Asset.Value, StringComparer.Ordinal).ToList())
            : null);

    public Task<AssetSpec?> GetAssetAsync(AssetId asset, CancellationToken cancellationToken = default)
    {
        if (definition.State.Current is not { } current)
        {
            return Task.FromResult<AssetSpec?>(null);
        }

        _assets ??= current.Spec.Assets.ToDictionary(a => a.Id);
        return Task.FromResult(_assets.GetValueOrDefault(asset));
    }

    public Task<ZoneState?> GetZoneAsync(ZoneId zone, CancellationToken cancellationToken = default)
    {
        if (definition.State.Current is not { } current || current.Spec.Zones.FirstOrDefault(z => z.Id == zone) is not { } spec)
        {
            return Task.FromResult<ZoneState?>(null);
        }

        _members ??= current.Spec.Assets.OrderBy(a => a.Id.Value, StringComparer.Ordinal).ToLookup(a => a.Zone, a => a.Id);
        return Task.FromResult<ZoneState?>(new ZoneState(
            current.Spec.Id,
            spec,
            _members[zone].ToList(),
            current.Spec.Conduits.Where(c => c.From == zone || c.To == zone).ToList()));
    }

    public Task<AssetPage> QueryAssetsAsync(AssetFilter filter, int offset, int limit, CancellationToken cancellationToken = default)
    {
        if (definition.State.Current is not { } current)
        {
            return Task.FromResult(new AssetPage(0, []));
        }

        var matches = AssetQuery.Filter(current.Spec, filter).OrderBy(a => a.Id.Value, StringComparer.Ordinal).ToList();
        var page = matches.Skip(Math.Max(0, offset)).Take(Math.Max(0, limit)).ToList();
        return Task.FromResult(new AssetPage(matches.Count, page));
    }

    public async Task<IReadOnlyList<RankedAsset>> RankAssetsAsync(int top, CancellationToken cancellationToken = default)
    {
        if (definition.State.Current is not { } current)
        {
            return [];
        }

        // Known vulnerabilities from imported advisories raise the rank (docs/vulnerabilities.md); the vulnerability
        // grain says when they change (VulnerabilitiesChangedAsync).
        if (_ranking is null)
        {
            var known = await vulnerabilities.ListAsync(Id, cancellationToken);
            _ranking = CriticalityRanking.Rank(current.Spec, current.Identities, known);
        }

        return _ranking.Take(Math.Max(0, top)).ToList();
    }

    public Task VulnerabilitiesChangedAsync(CancellationToken cancellationToken = default)
    {
        _ranking = null;
        return Task.CompletedTask;
    }

    public Task<BlastRadiusResult?> GetBlastRadiusAsync(AssetId asset, CancellationToken cancellationToken = default)
    {
        if (definition.State.Current is not { } current || current.Spec.Assets.All(a => a.Id != asset))
        {
            return Task.FromResult<BlastRadiusResult?>(null);
        }

        return Task.FromResult<BlastRadiusResult?>(BlastRadius.Compute(current.Spec, asset));
    }

    /// <summary>A new definition makes every derived index stale.</summary>
    private void ForgetDerivedQueries()
    {
        _ranking = null;
        _assets = null;
        _members = null;
    }
}
