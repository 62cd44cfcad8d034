using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Access;

/// <summary>
/// The part of a snapshot that only a plant definition change replaces: targets, calendars, compiled roles and
/// policy. Identity deltas share it between snapshots (and with it the calendars' memos).
/// </summary>
internal sealed class PlantModel
{
    public PlantModel(PlantSpec plant, IReadOnlyList<RoleSpec> roles, FleetPolicy policy)
    {
        Definition = plant;
        Plant = plant.Id;
        RoleSpecs = roles;
        Policy = policy;
        DecisionTtl = policy.DecisionTtl;
        ShiftGrace = policy.ShiftGrace;
        GrantMfaMaxAge = policy.GrantMfaMaxAge;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(plant.TimeZone);

        Zones = new Dictionary<ZoneId, TargetEntry>();
        foreach (var zone in plant.Zones ?? [])
        {
            Zones.TryAdd(zone.Id, TargetEntry.ForZone(zone));
        }

        Assets = new Dictionary<AssetId, TargetEntry>((plant.Assets ?? []).Count);
        foreach (var asset in plant.Assets ?? [])
        {
            Assets.TryAdd(asset.Id, TargetEntry.ForAsset(asset, Zones.GetValueOrDefault(asset.Zone)?.ZoneSpec));
        }

        Shifts = new Dictionary<string, ShiftCalendar>(StringComparer.Ordinal);
        foreach (var shift in plant.Shifts ?? [])
        {
            Shifts.TryAdd(shift.Id, ShiftCalendar.For(TimeZone, shift));
        }

        MaintenanceWindows = plant.DefinedMaintenanceWindows.Select(w => ShiftCalendar.For(TimeZone, w)).ToArray();

        // Roles in definition order; a repeated id keeps its first definition, as the validator reports the second.
        var compiled = new List<KeyValuePair<string, CompiledPermission[]>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            if (role?.Id is { } id && seen.Add(id))
            {
                compiled.Add(new(id, (role.Permissions ?? []).Select((p, i) => new CompiledPermission(role, i, p)).ToArray()));
            }
        }

        Roles = compiled;
    }

    public PlantSpec Definition { get; }

    public PlantId Plant { get; }

    public IReadOnlyList<RoleSpec> RoleSpecs { get; }

    public FleetPolicy Policy { get; }

    public TimeSpan DecisionTtl { get; }

    public TimeSpan ShiftGrace { get; }

    public TimeSpan GrantMfaMaxAge { get; }

    public TimeZoneInfo TimeZone { get; }

    public Dictionary<ZoneId, TargetEntry> Zones { get; }

    public Dictionary<AssetId, TargetEntry> Assets { get; }

    public Dictionary<string, ShiftCalendar> Shifts { get; }

    public ShiftCalendar[] MaintenanceWindows { get; }

    /// <summary>Each role's compiled permissions, in the order the roles are defined.</summary>
    public IReadOnlyList<KeyValuePair<string, CompiledPermission[]>> Roles { get; }
}
