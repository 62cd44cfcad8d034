using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// A plant definition indexed for <see cref="FlowEngine"/>: assets by id and by address, conduits by the pair of zones
/// they connect, declared flows by their ends. Built once per plant definition and immutable, so any number of
/// threads may decide on it.
/// </summary>
public sealed class FlowModel
{
    private readonly Dictionary<AssetId, AssetSpec> _assets;
    private readonly Dictionary<string, AssetSpec> _addresses;
    private readonly Dictionary<ZoneId, ZoneSpec> _zones;
    private readonly Dictionary<(ZoneId, ZoneId), List<ConduitSpec>> _conduits;
    private readonly Dictionary<(AssetId, AssetId), List<FlowSpec>> _flows;

    private FlowModel(PlantSpec plant)
    {
        Plant = plant.Id;
        _assets = plant.Assets.ToDictionary(a => a.Id);
        _addresses = new Dictionary<string, AssetSpec>(StringComparer.Ordinal);
        foreach (var asset in plant.Assets)
        {
            // The document validator refuses an address twice in a plant; the first wins for a model built otherwise.
            if (NetworkAddress.TryCanonicalIp(asset.Ip, out var ip))
            {
                _addresses.TryAdd(ip, asset);
            }
        }

        _zones = plant.Zones.ToDictionary(z => z.Id);
        _conduits = [];
        foreach (var conduit in plant.Conduits)
        {
            // Keyed by the unordered pair: the engine tells direction apart itself, to say "wrong-direction".
            var key = Pair(conduit.From, conduit.To);
            if (!_conduits.TryGetValue(key, out var list))
            {
                _conduits[key] = list = [];
            }

            list.Add(conduit);
        }

        _flows = [];
        foreach (var flow in plant.Flows)
        {
            if (!_flows.TryGetValue((flow.From, flow.To), out var list))
            {
                _flows[(flow.From, flow.To)] = list = [];
            }

            list.Add(flow);
        }
    }

    /// <summary>The plant the model was built from.</summary>
    public PlantId Plant { get; }

    /// <summary>Indexes a plant definition.</summary>
    public static FlowModel Create(PlantSpec plant)
    {
        ArgumentNullException.ThrowIfNull(plant);
        return new FlowModel(plant);
    }

    internal bool TryResolve(FlowEndpoint endpoint, out AssetSpec asset)
    {
        if (endpoint.Asset is { } id)
        {
            return _assets.TryGetValue(id, out asset!);
        }

        if (NetworkAddress.TryCanonicalIp(endpoint.Address, out var ip))
        {
            return _addresses.TryGetValue(ip, out asset!);
        }

        asset = null!;
        return false;
    }

    internal ZoneKind KindOf(ZoneId zone) => _zones.TryGetValue(zone, out var spec) ? spec.Kind : ZoneKind.Unspecified;

    internal IReadOnlyList<ConduitSpec> ConduitsBetween(ZoneId a, ZoneId b) =>
        _conduits.TryGetValue(Pair(a, b), out var list) ? list : [];

    internal IReadOnlyList<FlowSpec> FlowsBetween(AssetId from, AssetId to) =>
        _flows.TryGetValue((from, to), out var list) ? list : [];

    private static (ZoneId, ZoneId) Pair(ZoneId a, ZoneId b) =>
        string.CompareOrdinal(a.Value, b.Value) <= 0 ? (a, b) : (b, a);
}
