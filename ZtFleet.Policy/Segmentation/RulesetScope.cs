using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// What a ruleset is compiled from: a plant's definition and quarantines, the zones whose boundaries one enforcement
/// point guards, and the epoch that versions the result.
/// </summary>
/// <param name="Plant">The plant's definition.</param>
/// <param name="Zones">The guarded zones, distinct and sorted (none: the ruleset opens nothing).</param>
/// <param name="Epoch">The version: the epoch of the plant's last segmentation change.</param>
/// <param name="Quarantines">The plant's assets in quarantine.</param>
public sealed record RulesetScope(PlantSpec Plant, IReadOnlyList<ZoneId> Zones, long Epoch, IReadOnlyList<AssetQuarantine> Quarantines)
{
    /// <summary>The scope of an enforcement point bound to <paramref name="zones"/> (null: the whole plant) as of a snapshot.</summary>
    /// <exception cref="ArgumentException">A zone is not one of the plant's.</exception>
    public static RulesetScope Of(PlantSnapshot snapshot, IEnumerable<ZoneId>? zones)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Create(snapshot.Definition, zones, snapshot.SegmentationEpoch, snapshot.Quarantines);
    }

    /// <summary>The scope of one zone of a plant definition without quarantines.</summary>
    /// <exception cref="ArgumentException">The zone is not one of the plant's.</exception>
    public static RulesetScope Of(PlantSpec plant, ZoneId zone, long epoch) => Create(plant, [zone], epoch, []);

    private static RulesetScope Create(PlantSpec plant, IEnumerable<ZoneId>? zones, long epoch, IReadOnlyList<AssetQuarantine> quarantines)
    {
        ArgumentNullException.ThrowIfNull(plant);
        var known = plant.Zones.Select(z => z.Id).ToHashSet();
        var guarded = (zones ?? known).Distinct().ToList();
        foreach (var zone in guarded.Where(z => !known.Contains(z)))
        {
            throw new ArgumentException($"zone {zone} is not part of plant {plant.Id}", nameof(zones));
        }

        var sorted = guarded.OrderBy(z => z.Value, StringComparer.Ordinal).ToList();
        return new RulesetScope(plant, sorted, epoch, quarantines);
    }
}
