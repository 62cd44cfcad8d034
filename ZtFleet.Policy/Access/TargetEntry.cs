using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Access;

/// <summary>An asset or a zone of a snapshot, with what permission matching reads from it precomputed.</summary>
internal sealed class TargetEntry
{
    private TargetEntry(AssetSpec? asset, ZoneSpec? zone, ZoneId zoneId)
    {
        AssetSpec = asset;
        ZoneSpec = zone;
        Zone = zoneId;
        Asset = asset?.Id ?? default;
        ZoneKindBit = zone is null ? 0 : Bits.Of((int)zone.Kind);
        AssetTypeBit = asset is null ? 0 : Bits.Of((int)asset.Type);
        SafetyRelated = asset?.SafetyRelated ?? false;
    }

    public bool IsAsset => AssetSpec is not null;

    public AssetSpec? AssetSpec { get; }

    /// <summary>The zone (of the asset, or the zone itself); null when an asset names a zone the plant lacks.</summary>
    public ZoneSpec? ZoneSpec { get; }

    public AssetId Asset { get; }

    public ZoneId Zone { get; }

    /// <summary>The zone kind as a bit; 0 (matches no kind list) for unknown kinds or zones.</summary>
    public int ZoneKindBit { get; }

    /// <summary>The asset type as a bit; 0 for zones and unknown types.</summary>
    public int AssetTypeBit { get; }

    public bool SafetyRelated { get; }

    public static TargetEntry ForAsset(AssetSpec asset, ZoneSpec? zone) => new(asset, zone, asset.Zone);

    public static TargetEntry ForZone(ZoneSpec zone) => new(null, zone, zone.Id);
}
