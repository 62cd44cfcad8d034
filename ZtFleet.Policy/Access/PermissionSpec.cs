using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Access;

/// <summary>
/// One permission of a role: <see cref="Operations"/> on the targets the lists describe, under
/// <see cref="Conditions"/>. Every non-empty target list must match (an empty list means any): an asset matches
/// when its zone is in <see cref="Zones"/>, its zone's kind in <see cref="ZoneKinds"/>, its type in
/// <see cref="AssetTypes"/> and its id in <see cref="Assets"/>. A whole zone is covered only by a permission that
/// names no asset types and no assets.
/// </summary>
/// <remarks>
/// Roles are fleet-wide, so zone and asset ids are those of whichever plant the role is used at; an id a plant does
/// not have simply never matches there.
/// </remarks>
public sealed record PermissionSpec(
    IReadOnlyList<Operation> Operations,
    IReadOnlyList<ZoneId> Zones,
    IReadOnlyList<ZoneKind> ZoneKinds,
    IReadOnlyList<AssetType> AssetTypes,
    IReadOnlyList<AssetId> Assets,
    PermissionConditions Conditions);
