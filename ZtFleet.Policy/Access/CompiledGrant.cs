using System.Collections.Frozen;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Access;

/// <summary>A grant prepared for matching without allocation.</summary>
internal sealed class CompiledGrant
{
    public CompiledGrant(Grant grant)
    {
        Grant = grant;
        RuleId = $"grant:{grant.Id}";
        OperationMask = Bits.Mask(grant.Operations, o => o.IsDefined());
        Zones = (grant.Zones ?? []).ToFrozenSet();
        Assets = (grant.Assets ?? []).ToFrozenSet();
    }

    public Grant Grant { get; }

    public string RuleId { get; }

    public int OperationMask { get; }

    public FrozenSet<ZoneId> Zones { get; }

    public FrozenSet<AssetId> Assets { get; }

    /// <summary>Whether the grant is about this operation on this target (its window aside).</summary>
    public bool Covers(int operationBit, TargetEntry target) =>
        (OperationMask & operationBit) != 0
        && (Zones.Contains(target.Zone) || (target.IsAsset && Assets.Contains(target.Asset)));
}
