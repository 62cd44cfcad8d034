using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>
/// Which plants, zones and assets a playbook trigger's scope admits (<c>plants</c>, <c>zoneKinds</c>,
/// <c>assetTypes</c>; each empty list means any), and the share of the response settings a plant runs. One place for
/// the rule, used by the fleet grain (what a plant definition carries) and the validator (triggers that match
/// nothing, automatic isolation of safety assets).
/// </summary>
public static class PlaybookScope
{
    /// <summary>Whether <paramref name="trigger"/> admits plant <paramref name="plant"/> (an empty <c>plants</c> list admits every plant).</summary>
    public static bool AdmitsPlant(PlaybookTrigger trigger, PlantId plant)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var plants = trigger.Plants ?? [];
        return plants.Count == 0 || plants.Contains(plant.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether <paramref name="trigger"/> admits <paramref name="asset"/> of <paramref name="plant"/> in
    /// <paramref name="zone"/>: its plant, its zone's kind and its type are each in scope. An asset whose zone is not
    /// known is admitted only when the scope names no zone kinds.
    /// </summary>
    public static bool AdmitsAsset(PlaybookTrigger trigger, PlantId plant, ZoneSpec? zone, AssetSpec asset)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(asset);
        var kinds = trigger.ZoneKinds ?? [];
        var types = trigger.AssetTypes ?? [];
        return AdmitsPlant(trigger, plant)
            && (kinds.Count == 0 || (zone is not null && kinds.Contains(zone.Kind)))
            && (types.Count == 0 || types.Contains(asset.Type));
    }

    /// <summary>Every asset of <paramref name="plants"/> that <paramref name="trigger"/> admits, with its plant and zone.</summary>
    public static IEnumerable<(PlantSpec Plant, ZoneSpec? Zone, AssetSpec Asset)> AssetsInScope(PlaybookTrigger trigger, IEnumerable<PlantSpec> plants)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(plants);
        foreach (var plant in plants)
        {
            if (!AdmitsPlant(trigger, plant.Id))
            {
                continue;
            }

            var zones = new Dictionary<ZoneId, ZoneSpec>();
            foreach (var zone in plant.Zones ?? [])
            {
                if (zone.Id.Value is not null)
                {
                    zones.TryAdd(zone.Id, zone);
                }
            }

            foreach (var asset in plant.Assets ?? [])
            {
                var zone = asset.Zone.Value is null ? null : zones.GetValueOrDefault(asset.Zone);
                if (AdmitsAsset(trigger, plant.Id, zone, asset))
                {
                    yield return (plant, zone, asset);
                }
            }
        }
    }

    /// <summary>
    /// Whether an asset counts as safety for the response guards: it is marked <c>safetyRelated</c>, it is a
    /// <c>safety-controller</c>, or its zone is of kind <c>safety</c>. No automatic step may isolate such an asset.
    /// </summary>
    public static bool IsSafety(ZoneSpec? zone, AssetSpec asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return asset.SafetyRelated || asset.Type == AssetType.SafetyController || zone?.Kind == ZoneKind.Safety;
    }

    /// <summary>
    /// The share of <paramref name="settings"/> that plant <paramref name="plant"/> runs: the same correlation window
    /// and automatic-action budget, and only the playbooks whose trigger admits the plant, in document order.
    /// </summary>
    public static ResponseSettings ForPlant(ResponseSettings settings, PlantId plant)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings with { Playbooks = (settings.Playbooks ?? []).Where(p => AdmitsPlant(p.Trigger, plant)).ToList() };
    }
}
