using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>
/// What correlation needs to know about one plant, as plain data: the zone of each asset, which zones are joined by
/// a conduit (either direction), the safety zones and the safety-related assets.
/// </summary>
public sealed class PlantTopology
{
    private readonly HashSet<(ZoneId, ZoneId)> _joined = [];

    /// <summary>A plant's topology from plain data.</summary>
    /// <param name="plant">The plant.</param>
    /// <param name="assetZones">The zone of each asset.</param>
    /// <param name="conduits">Zone pairs joined by a conduit (the direction does not matter).</param>
    /// <param name="safetyZones">Zones of kind safety.</param>
    /// <param name="safetyAssets">Assets marked safety-related.</param>
    public PlantTopology(
        PlantId plant,
        IReadOnlyDictionary<AssetId, ZoneId> assetZones,
        IEnumerable<(ZoneId From, ZoneId To)> conduits,
        IReadOnlySet<ZoneId> safetyZones,
        IReadOnlySet<AssetId> safetyAssets)
    {
        ArgumentNullException.ThrowIfNull(assetZones);
        ArgumentNullException.ThrowIfNull(conduits);
        Plant = plant;
        AssetZones = assetZones;
        SafetyZones = safetyZones ?? throw new ArgumentNullException(nameof(safetyZones));
        SafetyAssets = safetyAssets ?? throw new ArgumentNullException(nameof(safetyAssets));
        foreach (var (from, to) in conduits)
        {
            _joined.Add((from, to));
            _joined.Add((to, from));
        }
    }

    /// <summary>The plant.</summary>
    public PlantId Plant { get; }

    /// <summary>The zone of each asset.</summary>
    public IReadOnlyDictionary<AssetId, ZoneId> AssetZones { get; }

    /// <summary>Zones of kind safety.</summary>
    public IReadOnlySet<ZoneId> SafetyZones { get; }

    /// <summary>Assets marked safety-related.</summary>
    public IReadOnlySet<AssetId> SafetyAssets { get; }

    /// <summary>A plant nothing is known about (its definition could not be read): no zones, no conduits, no safety.</summary>
    public static PlantTopology Unknown(PlantId plant) =>
        new(plant, new Dictionary<AssetId, ZoneId>(), [], new HashSet<ZoneId>(), new HashSet<AssetId>());

    /// <summary>The topology of a plant as the fleet document defines it.</summary>
    public static PlantTopology From(PlantSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var zones = new Dictionary<AssetId, ZoneId>();
        foreach (var asset in spec.Assets)
        {
            zones[asset.Id] = asset.Zone;
        }

        return new PlantTopology(
            spec.Id,
            zones,
            spec.Conduits.Select(c => (c.From, c.To)),
            spec.Zones.Where(z => z.Kind == ZoneKind.Safety).Select(z => z.Id).ToHashSet(),
            spec.Assets.Where(a => a.SafetyRelated).Select(a => a.Id).ToHashSet());
    }

    /// <summary>True when a conduit joins the two (different) zones, in either direction.</summary>
    public bool Joined(ZoneId a, ZoneId b) => a != b && _joined.Contains((a, b));

    /// <summary>The zone of <paramref name="asset"/>, if the plant has it.</summary>
    public ZoneId? ZoneOf(AssetId? asset) => asset is { } a && AssetZones.TryGetValue(a, out var zone) ? zone : null;

    /// <summary>True when the asset is safety-related.</summary>
    public bool IsSafety(AssetId? asset) => asset is { } a && SafetyAssets.Contains(a);

    /// <summary>True when the zone is a safety zone.</summary>
    public bool IsSafety(ZoneId? zone) => zone is { } z && SafetyZones.Contains(z);
}
