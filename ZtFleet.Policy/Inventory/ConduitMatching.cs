using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Which assets a conduit side admits. A side with neither asset types nor named assets admits every asset of its
/// zone; otherwise an asset is admitted when it has one of the types or is named (the two lists add up).
/// </summary>
internal static class ConduitMatching
{
    public static bool AdmitsSource(this ConduitSpec conduit, AssetSpec asset) =>
        asset.Zone == conduit.From && Admits(conduit.FromAssetTypes, conduit.FromAssets, asset);

    public static bool AdmitsDestination(this ConduitSpec conduit, AssetSpec asset) =>
        asset.Zone == conduit.To && Admits(conduit.ToAssetTypes, conduit.ToAssets, asset);

    public static bool Admits(IReadOnlyList<AssetType>? types, IReadOnlyList<AssetId>? assets, AssetSpec asset)
    {
        var anyTypes = types is { Count: > 0 };
        var anyAssets = assets is { Count: > 0 };
        if (!anyTypes && !anyAssets)
        {
            return true;
        }

        return (anyTypes && types!.Contains(asset.Type)) || (anyAssets && assets!.Contains(asset.Id));
    }

    public static bool IsOpen(IReadOnlyList<AssetType>? types, IReadOnlyList<AssetId>? assets) =>
        types is not { Count: > 0 } && assets is not { Count: > 0 };

    /// <summary>
    /// Whether a declared flow from <paramref name="source"/> to <paramref name="target"/> in another zone is carried
    /// by this conduit: same protocol and port, and the source may initiate towards the target.
    /// </summary>
    public static bool Carries(this ConduitSpec conduit, FlowSpec flow, AssetSpec source, AssetSpec target)
    {
        if (conduit.Protocol != flow.Protocol || conduit.Port != flow.Port)
        {
            return false;
        }

        if (conduit.AdmitsSource(source) && conduit.AdmitsDestination(target))
        {
            return true;
        }

        return conduit.Direction == ConduitDirection.Bidirectional
            && conduit.AdmitsSource(target)
            && conduit.AdmitsDestination(source);
    }
}
