using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>The assets one conduit side admits (see <see cref="ConduitMatching"/>).</summary>
internal sealed class ConduitSide(IReadOnlyList<AssetType>? types, IReadOnlyList<AssetId>? assets)
{
    private readonly HashSet<AssetType> _types = [.. types ?? []];
    private readonly HashSet<AssetId> _assets = [.. assets ?? []];

    public bool IsOpen => _types.Count == 0 && _assets.Count == 0;

    public bool Admits(AssetSpec asset) => IsOpen || _types.Contains(asset.Type) || _assets.Contains(asset.Id);
}
