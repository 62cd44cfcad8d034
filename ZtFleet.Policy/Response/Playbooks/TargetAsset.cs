using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>What the planner needs to know about the asset a trigger is about.</summary>
/// <param name="Id">The asset.</param>
/// <param name="Type">Its type (PLC, HMI, safety controller…).</param>
/// <param name="Zone">Its zone.</param>
/// <param name="ZoneKind">Its zone's kind; <see cref="Inventory.ZoneKind.Safety"/> counts as safety whatever the asset says.</param>
/// <param name="SafetyRelated">The asset is safety-related (<c>safetyRelated: true</c>).</param>
/// <param name="NeverAuto">The asset is marked <c>neverAuto</c>: only recommendations.</param>
public sealed record TargetAsset(AssetId Id, AssetType Type, ZoneId Zone, ZoneKind ZoneKind, bool SafetyRelated, bool NeverAuto)
{
    /// <summary>
    /// Safety-related, a safety controller, or in a safety zone (as <see cref="PlaybookScope.IsSafety"/> says for the
    /// document's checks).
    /// </summary>
    public bool Safety => SafetyRelated || Type == AssetType.SafetyController || ZoneKind == ZoneKind.Safety;
}
