using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// A plant definition's assets by canonical address and by id, and its zones, for resolving telemetry. Built once per
/// definition (<see cref="Of"/> remembers it while the definition lives), never per batch.
/// </summary>
public sealed class TelemetryIndex
{
    private static readonly ConditionalWeakTable<PlantSpec, TelemetryIndex> Built = [];

    private readonly FrozenDictionary<string, AssetSpec> _byAddress;
    private readonly FrozenDictionary<string, AssetSpec> _byId;
    private readonly FrozenSet<string> _zones;

    private TelemetryIndex(PlantSpec plant)
    {
        var byAddress = new Dictionary<string, AssetSpec>(StringComparer.Ordinal);
        foreach (var asset in plant.Assets)
        {
            // The document validator refuses an address twice in a plant; the first wins otherwise (as FlowModel).
            if (NetworkAddress.TryCanonicalIp(asset.Ip, out var ip))
            {
                byAddress.TryAdd(ip, asset);
            }
        }

        _byAddress = byAddress.ToFrozenDictionary(StringComparer.Ordinal);
        _byId = plant.Assets.DistinctBy(a => a.Id.Value).ToFrozenDictionary(a => a.Id.Value, StringComparer.Ordinal);
        _zones = plant.Zones.Select(z => z.Id.Value).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The index of <paramref name="plant"/>, built on first use and kept while the definition is alive.</summary>
    public static TelemetryIndex Of(PlantSpec plant)
    {
        ArgumentNullException.ThrowIfNull(plant);
        return Built.GetValue(plant, static p => new TelemetryIndex(p));
    }

    /// <summary>
    /// Resolves <paramref name="ip"/> (any spelling): true with the canonical address and the asset that has it, or a
    /// null asset when none has it (an uninventoried host); false when the text is not an address.
    /// </summary>
    public bool TryResolve(string ip, out string canonical, out AssetSpec? asset)
    {
        // The common case, an inventoried address already in canonical form, costs one lookup and no allocation.
        if (_byAddress.TryGetValue(ip, out asset))
        {
            canonical = ip;
            return true;
        }

        if (!NetworkAddress.TryCanonicalIp(ip, out canonical))
        {
            canonical = string.Empty;
            asset = null;
            return false;
        }

        _byAddress.TryGetValue(canonical, out asset);
        return true;
    }

    /// <summary>The asset with this id.</summary>
    public bool TryGetAsset(string id, [MaybeNullWhen(false)] out AssetSpec asset) => _byId.TryGetValue(id, out asset);

    /// <summary>Whether the plant has a zone with this id.</summary>
    public bool HasZone(ZoneId zone) => zone.Value is { } value && _zones.Contains(value);
}
