using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// The only permitted path between two zones for one protocol and port, with the operations it allows.
/// Optional source and destination restrictions narrow it to asset types or to named assets
/// ("S7 only from the engineering workstation").
/// </summary>
public sealed record ConduitSpec(
    ConduitId Id,
    ZoneId From,
    ZoneId To,
    Protocol Protocol,
    int Port,
    IReadOnlyList<string> Operations,
    ConduitDirection Direction,
    IReadOnlyList<AssetType> FromAssetTypes,
    IReadOnlyList<AssetId> FromAssets,
    IReadOnlyList<AssetType> ToAssetTypes,
    IReadOnlyList<AssetId> ToAssets,
    string? Description,
    ConduitConditions? Conditions = null);
