using ZtFleet.Policy.Access;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>
/// The facts about what a trigger is about: its asset and identity (either may be absent), and the plant's time zone
/// and maintenance windows (a window is the plant's; it covers every asset of the plant).
/// </summary>
public sealed record ResponseTarget
{
    /// <summary>The asset, when the trigger names one the plant has.</summary>
    public TargetAsset? Asset { get; init; }

    /// <summary>The identity, when the trigger names one the fleet has.</summary>
    public TargetIdentity? Identity { get; init; }

    /// <summary>The plant's IANA time zone (maintenance windows are local times).</summary>
    public string? TimeZone { get; init; }

    /// <summary>The plant's declared maintenance windows.</summary>
    public IReadOnlyList<MaintenanceWindowSpec> MaintenanceWindows { get; init; } = [];

    /// <summary>
    /// The facts from the plant's definition and the identity's: the asset named by <paramref name="trigger"/> (when
    /// the plant has it), <paramref name="identity"/> (when given), the plant's windows.
    /// </summary>
    public static ResponseTarget Of(PlantSpec plant, ResponseTriggerEvent trigger, IdentitySpec? identity)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(trigger);
        TargetAsset? asset = null;
        if (trigger.Asset is { } id && plant.Assets.FirstOrDefault(a => a.Id == id) is { } spec)
        {
            var kind = plant.Zones.FirstOrDefault(z => z.Id == spec.Zone)?.Kind ?? ZoneKind.Unspecified;
            asset = new TargetAsset(spec.Id, spec.Type, spec.Zone, kind, spec.SafetyRelated, spec.NeverAuto);
        }

        return new ResponseTarget
        {
            Asset = asset,
            Identity = identity is null ? null : new TargetIdentity(identity.Id, identity.NeverAuto),
            TimeZone = plant.TimeZone,
            MaintenanceWindows = plant.DefinedMaintenanceWindows,
        };
    }
}
