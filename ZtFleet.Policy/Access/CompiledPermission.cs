using System.Collections.Frozen;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Access;

/// <summary>A role permission prepared for matching without allocation: lists become bit masks and frozen sets.</summary>
internal sealed class CompiledPermission
{
    public CompiledPermission(RoleSpec role, int index, PermissionSpec permission)
    {
        RuleId = $"role:{role.Id}#{index}";
        Role = role.Id;
        Spec = permission;
        OperationMask = Bits.Mask(permission.Operations, o => o.IsDefined());
        Zones = (permission.Zones ?? []).Count == 0 ? null : permission.Zones!.ToFrozenSet();
        HasZoneKinds = (permission.ZoneKinds ?? []).Count > 0;
        ZoneKindMask = Bits.Mask(permission.ZoneKinds, k => InventoryVocabulary.TryName(k, out _));
        HasAssetTypes = (permission.AssetTypes ?? []).Count > 0;
        AssetTypeMask = Bits.Mask(permission.AssetTypes, t => InventoryVocabulary.TryName(t, out _));
        Assets = (permission.Assets ?? []).Count == 0 ? null : permission.Assets!.ToFrozenSet();
        var conditions = permission.Conditions ?? PermissionConditions.None;
        OnShift = conditions.OnShift;
        MaintenanceWindow = conditions.MaintenanceWindow;
        MfaMaxAgeMinutes = conditions.MfaMaxAgeMinutes ?? 0;
        MfaMaxAge = TimeSpan.FromMinutes(MfaMaxAgeMinutes);

        // A condition outside its range cannot be evaluated: it never holds (MFA of a non-positive age, trust above 100
        // are unreachable) rather than being ignored.
        MfaUnsatisfiable = conditions.MfaMaxAgeMinutes is <= 0;
        MinTrust = conditions.MinTrust ?? 0;
    }

    public string RuleId { get; }

    public string Role { get; }

    public PermissionSpec Spec { get; }

    public int OperationMask { get; }

    public FrozenSet<ZoneId>? Zones { get; }

    public bool HasZoneKinds { get; }

    public int ZoneKindMask { get; }

    public bool HasAssetTypes { get; }

    public int AssetTypeMask { get; }

    public FrozenSet<AssetId>? Assets { get; }

    public bool OnShift { get; }

    public bool MaintenanceWindow { get; }

    public int MfaMaxAgeMinutes { get; }

    public TimeSpan MfaMaxAge { get; }

    public bool MfaUnsatisfiable { get; }

    public int MinTrust { get; }

    /// <summary>Whether the permission is about this operation on this target (conditions aside).</summary>
    public bool Covers(int operationBit, TargetEntry target)
    {
        if ((OperationMask & operationBit) == 0)
        {
            return false;
        }

        // A permission naming asset types or assets is about those assets, never about a whole zone.
        if (!target.IsAsset && (HasAssetTypes || Assets is not null))
        {
            return false;
        }

        return (Zones is null || Zones.Contains(target.Zone))
            && (!HasZoneKinds || (ZoneKindMask & target.ZoneKindBit) != 0)
            && (!HasAssetTypes || (AssetTypeMask & target.AssetTypeBit) != 0)
            && (Assets is null || Assets.Contains(target.Asset));
    }
}
