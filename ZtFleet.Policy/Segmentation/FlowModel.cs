using System.Diagnostics.CodeAnalysis;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// A plant definition indexed for <see cref="FlowEngine"/>: assets by id and by address, conduits by the pair of zones
/// they connect, declared flows by their ends, the maintenance windows, and (when built from a
/// <see cref="PlantSnapshot"/>) the quarantines and the identities that conduit conditions look at. Built once per
/// plant epoch and immutable, so any number of threads may decide on it.
/// </summary>
public sealed class FlowModel
{
    private readonly Dictionary<AssetId, AssetSpec> _assets;
    private readonly Dictionary<string, AssetSpec> _addresses;
    private readonly Dictionary<ZoneId, ZoneSpec> _zones;
    private readonly Dictionary<(ZoneId, ZoneId), List<ConduitSpec>> _conduits;
    private readonly Dictionary<(AssetId, AssetId), List<FlowSpec>> _flows;
    private readonly Dictionary<AssetId, AssetQuarantine> _quarantines;
    private readonly Dictionary<object, string> _ruleIds;
    private readonly Dictionary<IReadOnlyList<string>, HashSet<int>> _codes;
    private readonly PlantSnapshot? _access;

    // The same index with another snapshot's quarantines and identities (its definition must be the same object).
    private FlowModel(FlowModel index, PlantSnapshot access)
    {
        Plant = index.Plant;
        _assets = index._assets;
        _addresses = index._addresses;
        _zones = index._zones;
        _conduits = index._conduits;
        _flows = index._flows;
        _codes = index._codes;
        _ruleIds = new Dictionary<object, string>(index._ruleIds, ReferenceEqualityComparer.Instance);
        foreach (var quarantine in access.Quarantines)
        {
            _ruleIds[quarantine] = $"quarantine:{quarantine.Id}";
        }

        Definition = index.Definition;
        _access = access;
        _quarantines = access.Quarantines.ToDictionary(q => q.Asset);
        MaintenanceWindows = access.MaintenanceWindows;
    }

    private FlowModel(PlantSpec plant, PlantSnapshot? access)
    {
        Definition = plant;
        Plant = plant.Id;
        _access = access;
        _quarantines = (access?.Quarantines ?? []).ToDictionary(q => q.Asset);
        MaintenanceWindows = access?.MaintenanceWindows ?? WindowsOf(plant);
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

        // What every decision would otherwise compute again: rule ids and the Modbus function codes operations stand for.
        _ruleIds = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        _codes = new Dictionary<IReadOnlyList<string>, HashSet<int>>(ReferenceEqualityComparer.Instance);
        foreach (var conduit in plant.Conduits)
        {
            _ruleIds[conduit] = $"conduit:{conduit.Id.Value}";
            _codes.TryAdd(conduit.Operations, [.. conduit.Operations.SelectMany(ProtocolOperations.ModbusFunctionCodes)]);
        }

        foreach (var flow in plant.Flows)
        {
            _ruleIds[flow] = $"flow:{flow.Id.Value}";
            if (flow.Operations is { } operations)
            {
                _codes.TryAdd(operations, [.. operations.SelectMany(ProtocolOperations.ModbusFunctionCodes)]);
            }
        }

        foreach (var quarantine in _quarantines.Values)
        {
            _ruleIds[quarantine] = $"quarantine:{quarantine.Id}";
        }
    }

    /// <summary>The plant the model was built from.</summary>
    public PlantId Plant { get; }

    /// <summary>The plant definition the model indexes.</summary>
    public PlantSpec Definition { get; }

    /// <summary>The plant's maintenance windows.</summary>
    internal IReadOnlyList<ShiftCalendar> MaintenanceWindows { get; }

    /// <summary>
    /// Indexes a plant definition alone: no quarantines, and no identities, so conduits with identity conditions
    /// allow nothing (what-if analysis and documents that are not applied yet).
    /// </summary>
    public static FlowModel Create(PlantSpec plant)
    {
        ArgumentNullException.ThrowIfNull(plant);
        return new FlowModel(plant, null);
    }

    /// <summary>Indexes a plant as of a snapshot: its definition, quarantines, identities and their grants.</summary>
    public static FlowModel Create(PlantSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new FlowModel(snapshot.Definition, snapshot);
    }

    /// <summary>
    /// This model's index of the definition with the quarantines, identities and grants of <paramref name="snapshot"/>:
    /// cheap, for a new epoch of the same definition.
    /// </summary>
    /// <exception cref="ArgumentException">The snapshot's definition is not the one this model indexes.</exception>
    public FlowModel With(PlantSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return ReferenceEquals(snapshot.Definition, Definition)
            ? new FlowModel(this, snapshot)
            : throw new ArgumentException("the snapshot has another plant definition than the model", nameof(snapshot));
    }

    /// <summary>The rule id a decision names for a conduit, declared flow or quarantine of this model.</summary>
    internal string RuleOf(object rule) => _ruleIds.TryGetValue(rule, out var id) ? id : throw new ArgumentException("not a rule of this model", nameof(rule));

    /// <summary>The Modbus function codes a conduit's or flow's operations stand for.</summary>
    internal IReadOnlySet<int> CodesOf(IReadOnlyList<string> operations) =>
        _codes.TryGetValue(operations, out var codes) ? codes : [.. operations.SelectMany(ProtocolOperations.ModbusFunctionCodes)];

    internal bool TryGetQuarantine(AssetId asset, [MaybeNullWhen(false)] out AssetQuarantine quarantine) =>
        _quarantines.TryGetValue(asset, out quarantine);

    internal bool TryGetIdentity(IdentityId id, [MaybeNullWhen(false)] out IdentityAtPlant identity)
    {
        identity = null;
        return _access is not null && _access.TryGetIdentity(id, out identity);
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

    private static ShiftCalendar[] WindowsOf(PlantSpec plant) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(plant.TimeZone ?? string.Empty, out var zone)
            ? plant.DefinedMaintenanceWindows.Select(w => ShiftCalendar.For(zone, w)).ToArray()
            : [];

    private static (ZoneId, ZoneId) Pair(ZoneId a, ZoneId b) =>
        string.CompareOrdinal(a.Value, b.Value) <= 0 ? (a, b) : (b, a);
}
