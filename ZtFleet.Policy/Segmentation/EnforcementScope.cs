using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// The one rule for what an enforcement point may ask about: the zones it was enrolled for (none: the whole plant).
/// A point guards the boundaries of its zones, so it decides about what lies in them: an access check of an asset or
/// zone in its zones, a flow with its source or its destination in its zones (a flow crossing the boundary it
/// guards, in either direction), and the rulesets of its zones.
/// </summary>
/// <remarks>
/// A target the plant does not have (an unknown asset, an address no asset holds) lies in no zone, so it is outside
/// every zone-bound scope; a whole-plant scope lets the decision core answer it (deny, unknown asset).
/// </remarks>
public sealed class EnforcementScope
{
    private readonly HashSet<ZoneId> _zones;

    public EnforcementScope(IEnumerable<ZoneId> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        _zones = [.. zones];
    }

    /// <summary>A point (or an administrator) not bound to zones.</summary>
    public static EnforcementScope WholePlant { get; } = new([]);

    /// <summary>The zones; empty for the whole plant.</summary>
    public IReadOnlySet<ZoneId> Zones => _zones;

    /// <summary>True when the scope is the whole plant.</summary>
    public bool IsWholePlant => _zones.Count == 0;

    /// <summary>Whether the point may ask about <paramref name="zone"/> (an access check of a zone, its ruleset).</summary>
    public ScopeVerdict ForZone(ZoneId zone) =>
        IsWholePlant || _zones.Contains(zone) ? ScopeVerdict.Allowed : ScopeVerdict.Outside($"zone '{zone}' is not one of this point's zones ({Describe()})");

    /// <summary>Whether the point may ask about <paramref name="asset"/> of <paramref name="snapshot"/>'s plant.</summary>
    public ScopeVerdict ForAsset(PlantSnapshot snapshot, AssetId asset)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (IsWholePlant)
        {
            return ScopeVerdict.Allowed;
        }

        if (!snapshot.TryGetAsset(asset, out var spec))
        {
            return ScopeVerdict.Outside($"asset '{asset}' is in none of this point's zones ({Describe()})");
        }

        return _zones.Contains(spec.Zone)
            ? ScopeVerdict.Allowed
            : ScopeVerdict.Outside($"asset '{asset}' is in zone '{spec.Zone}', not one of this point's zones ({Describe()})");
    }

    /// <summary>Whether the point may ask about <paramref name="flow"/>: its source or its destination is in the zones.</summary>
    public ScopeVerdict ForFlow(FlowModel model, FlowRequest flow)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (IsWholePlant)
        {
            return ScopeVerdict.Allowed;
        }

        var source = model.TryResolve(flow.Source, out var from) ? from.Zone : (ZoneId?)null;
        var destination = model.TryResolve(flow.Destination, out var to) ? to.Zone : (ZoneId?)null;
        if ((source is { } s && _zones.Contains(s)) || (destination is { } d && _zones.Contains(d)))
        {
            return ScopeVerdict.Allowed;
        }

        return ScopeVerdict.Outside(
            $"neither the source ({Where(flow.Source, source)}) nor the destination ({Where(flow.Destination, destination)}) is in this point's zones ({Describe()})");
    }

    private static string Where(FlowEndpoint endpoint, ZoneId? zone) => zone is { } z ? $"{endpoint} in zone '{z}'" : $"{endpoint}, in no zone";

    private string Describe() => string.Join(", ", _zones.Select(z => z.Value).Order(StringComparer.Ordinal));
}
