using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Lookups over one plant built once per query, so that queries walk zones and conduits and never compare every
/// asset with every other (a plant may hold tens of thousands of assets). With duplicated ids the first wins.
/// </summary>
internal sealed class PlantIndex
{
    private static readonly IReadOnlyList<AssetSpec> None = [];

    private readonly Dictionary<ZoneId, List<AssetSpec>> _assetsByZone = [];

    public PlantIndex(PlantSpec plant)
    {
        Plant = plant;
        foreach (var zone in plant.Zones ?? [])
        {
            Zones.TryAdd(zone.Id, zone);
        }

        foreach (var asset in plant.Assets ?? [])
        {
            if (!Assets.TryAdd(asset.Id, asset))
            {
                continue;
            }

            if (!_assetsByZone.TryGetValue(asset.Zone, out var list))
            {
                _assetsByZone[asset.Zone] = list = [];
            }

            list.Add(asset);
        }
    }

    public PlantSpec Plant { get; }

    public Dictionary<ZoneId, ZoneSpec> Zones { get; } = [];

    public Dictionary<AssetId, AssetSpec> Assets { get; } = [];

    public IReadOnlyList<AssetSpec> AssetsIn(ZoneId zone) => _assetsByZone.TryGetValue(zone, out var list) ? list : None;
}
