using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Policy.Access;

/// <summary>
/// The quarantines in force at a plant, indexed for decisions: by asset, and per zone the strictest of its assets'
/// (a request on a whole zone is a request on each of its assets). Built when the definition or the quarantines
/// change and shared by every snapshot in between.
/// </summary>
internal sealed class QuarantineIndex
{
    private readonly Dictionary<AssetId, Entry> _byAsset = [];
    private readonly Dictionary<ZoneId, Entry> _byZone = [];

    private QuarantineIndex(IReadOnlyList<AssetQuarantine> all) => All = all;

    public static QuarantineIndex Empty { get; } = new([]);

    /// <summary>The quarantines in force (<see cref="QuarantineRules.InForce"/>).</summary>
    public IReadOnlyList<AssetQuarantine> All { get; }

    public static QuarantineIndex Build(IReadOnlyList<AssetQuarantine> quarantines, PlantModel model)
    {
        var inForce = QuarantineRules.InForce(quarantines, model.Definition);
        if (inForce.Count == 0)
        {
            return Empty;
        }

        var index = new QuarantineIndex(inForce);
        foreach (var quarantine in index.All)
        {
            var entry = new Entry(quarantine, $"quarantine:{quarantine.Id}");
            index._byAsset[quarantine.Asset] = entry;
            var zone = model.Assets[quarantine.Asset].Zone;
            if (!index._byZone.TryGetValue(zone, out var strictest) || quarantine.Mode > strictest.Quarantine.Mode)
            {
                index._byZone[zone] = entry;
            }
        }

        return index;
    }

    /// <summary>The quarantine that concerns a target: the asset's, or the strictest in the zone.</summary>
    public Entry? Of(TargetEntry target) =>
        _byAsset.Count == 0 ? null
        : target.IsAsset ? _byAsset.GetValueOrDefault(target.Asset)
        : _byZone.GetValueOrDefault(target.Zone);

    /// <summary>A quarantine with the rule id decisions name.</summary>
    public sealed record Entry(AssetQuarantine Quarantine, string RuleId);
}
