using ZtFleet.Policy.Access;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Field-by-field comparison of inventory specs, naming the differing fields as the document spells them. Lists are
/// compared as multisets (order does not matter); an empty optional text equals an absent one.
/// </summary>
internal static class SpecComparison
{
    public static IReadOnlyList<string> PlantFields(PlantSpec a, PlantSpec b) =>
        Differences(
            ("name", Same(a.Name, b.Name)),
            ("timeZone", Same(a.TimeZone, b.TimeZone)),
            ("shifts", SameShifts(a.Shifts, b.Shifts)),
            ("maintenanceWindows", SameWindows(a.MaintenanceWindows, b.MaintenanceWindows)),
            ("monitoring", a.Monitoring == b.Monitoring));

    public static IReadOnlyList<string> RoleFields(RoleSpec a, RoleSpec b) =>
        Differences(
            ("description", Same(a.Description, b.Description)),
            ("permissions", SameItems(a.Permissions?.Select(Fingerprint).ToList(), b.Permissions?.Select(Fingerprint).ToList())));

    public static IReadOnlyList<string> PolicyFields(FleetPolicy a, FleetPolicy b) =>
        Differences(
            ("decisionTtlSeconds", a.DecisionTtlSeconds == b.DecisionTtlSeconds),
            ("shiftGraceMinutes", a.ShiftGraceMinutes == b.ShiftGraceMinutes),
            ("grantMfaMaxAgeMinutes", a.GrantMfaMaxAgeMinutes == b.GrantMfaMaxAgeMinutes),
            ("maxGrantHours", a.MaxGrantHours == b.MaxGrantHours),
            ("safetyApprovers", a.SafetyApprovers == b.SafetyApprovers),
            ("requireChangeReason", a.RequireChangeReason == b.RequireChangeReason));

    public static IReadOnlyList<string> ZoneFields(ZoneSpec a, ZoneSpec b) =>
        Differences(
            ("name", Same(a.Name, b.Name)),
            ("kind", a.Kind == b.Kind),
            ("purdueLevel", a.PurdueLevel == b.PurdueLevel),
            ("securityLevelTarget", a.SecurityLevelTarget == b.SecurityLevelTarget),
            ("description", Same(a.Description, b.Description)),
            ("failMode", a.FailMode == b.FailMode),
            ("failStaticMinutes", a.FailStaticMinutes == b.FailStaticMinutes));

    public static IReadOnlyList<string> AssetFields(AssetSpec a, AssetSpec b) =>
        Differences(
            ("name", Same(a.Name, b.Name)),
            ("zone", a.Zone == b.Zone),
            ("type", a.Type == b.Type),
            ("vendor", Same(a.Vendor, b.Vendor)),
            ("model", Same(a.Model, b.Model)),
            ("firmware", Same(a.Firmware, b.Firmware)),
            ("serial", Same(a.Serial, b.Serial)),
            ("ip", Same(a.Ip, b.Ip)),
            ("mac", Same(a.Mac, b.Mac)),
            ("criticality", a.Criticality == b.Criticality),
            ("safetyRelated", a.SafetyRelated == b.SafetyRelated),
            ("owner", Same(a.Owner, b.Owner)),
            ("vulnerabilities", SameItems(a.Vulnerabilities, b.Vulnerabilities)),
            ("usedBy", a.UsedBy == b.UsedBy),
            ("neverAuto", a.NeverAuto == b.NeverAuto));

    public static IReadOnlyList<string> ConduitFields(ConduitSpec a, ConduitSpec b) =>
        Differences(
            ("from", a.From == b.From),
            ("to", a.To == b.To),
            ("protocol", a.Protocol == b.Protocol),
            ("port", a.Port == b.Port),
            ("operations", SameItems(a.Operations, b.Operations)),
            ("direction", a.Direction == b.Direction),
            ("fromAssetTypes", SameItems(a.FromAssetTypes, b.FromAssetTypes)),
            ("fromAssets", SameItems(a.FromAssets?.Select(x => x.Value).ToList(), b.FromAssets?.Select(x => x.Value).ToList())),
            ("toAssetTypes", SameItems(a.ToAssetTypes, b.ToAssetTypes)),
            ("toAssets", SameItems(a.ToAssets?.Select(x => x.Value).ToList(), b.ToAssets?.Select(x => x.Value).ToList())),
            ("description", Same(a.Description, b.Description)),
            ("conditions", SameConditions(a.Conditions, b.Conditions)));

    public static IReadOnlyList<string> FlowFields(FlowSpec a, FlowSpec b) =>
        Differences(
            ("from", a.From == b.From),
            ("to", a.To == b.To),
            ("protocol", a.Protocol == b.Protocol),
            ("port", a.Port == b.Port),
            ("purpose", Same(a.Purpose, b.Purpose)),
            ("operations", SameItems(a.Operations, b.Operations)));

    public static IReadOnlyList<string> IdentityFields(IdentitySpec a, IdentitySpec b) =>
        Differences(
            ("name", Same(a.Name, b.Name)),
            ("kind", a.Kind == b.Kind),
            ("email", Same(a.Email, b.Email)),
            ("organization", Same(a.Organization, b.Organization)),
            ("assignments", SameAssignments(a.Assignments, b.Assignments)),
            ("neverAuto", a.NeverAuto == b.NeverAuto));

    /// <summary>The settings of the <c>response:</c> section besides its playbooks.</summary>
    public static IReadOnlyList<string> ResponseFields(ResponseSettings a, ResponseSettings b) =>
        Differences(
            ("correlationWindowMinutes", a.CorrelationWindow == b.CorrelationWindow),
            ("autoActionsPerHour", a.AutoActionsPerHour == b.AutoActionsPerHour));

    /// <summary>
    /// A playbook's fields: the trigger's lists compare as sets, the steps in order (document order breaks ties of
    /// impact when the planner orders them), each step by every field.
    /// </summary>
    public static IReadOnlyList<string> PlaybookFields(Playbook a, Playbook b)
    {
        var x = a.Trigger;
        var y = b.Trigger;
        return Differences(
            ("description", Same(a.Description, b.Description)),
            ("trigger.detections", SameItems(x.DetectionTypes, y.DetectionTypes)),
            ("trigger.minSeverity", x.MinSeverity == y.MinSeverity),
            ("trigger.incident", SameItems(x.IncidentRules, y.IncidentRules)),
            ("trigger.plants", SameItems(x.Plants, y.Plants)),
            ("trigger.zoneKinds", SameItems(x.ZoneKinds, y.ZoneKinds)),
            ("trigger.assetTypes", SameItems(x.AssetTypes, y.AssetTypes)),
            ("steps", (a.Steps ?? []).Select(Fingerprint).SequenceEqual((b.Steps ?? []).Select(Fingerprint), StringComparer.Ordinal)));
    }

    private static IReadOnlyList<string> Differences(params (string Field, bool Same)[] fields) =>
        fields.Where(f => !f.Same).Select(f => f.Field).ToList();

    private static bool Same(string? a, string? b) =>
        string.IsNullOrEmpty(a) ? string.IsNullOrEmpty(b) : string.Equals(a, b, StringComparison.Ordinal);

    private static bool SameItems<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b)
    {
        a ??= [];
        b ??= [];
        var comparer = typeof(T) == typeof(string) ? (IComparer<T>)StringComparer.Ordinal : Comparer<T>.Default;
        return a.Count == b.Count && a.Order(comparer).SequenceEqual(b.Order(comparer));
    }

    private static bool SameConditions(ConduitConditions? a, ConduitConditions? b)
    {
        a ??= ConduitConditions.None;
        b ??= ConduitConditions.None;
        return a.MaintenanceWindow == b.MaintenanceWindow && a.ActiveGrant == b.ActiveGrant && SameItems(a.Roles, b.Roles);
    }

    private static bool SameShifts(IReadOnlyList<ShiftSpec>? a, IReadOnlyList<ShiftSpec>? b)
    {
        a ??= [];
        b ??= [];
        if (a.Count != b.Count)
        {
            return false;
        }

        var byId = a.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return b.All(s => byId.TryGetValue(s.Id, out var other)
            && Same(s.Name, other.Name) && s.Start == other.Start && s.End == other.End && SameItems(s.Days, other.Days));
    }

    private static bool SameWindows(IReadOnlyList<MaintenanceWindowSpec>? a, IReadOnlyList<MaintenanceWindowSpec>? b)
    {
        a ??= [];
        b ??= [];
        if (a.Count != b.Count)
        {
            return false;
        }

        var byId = a.GroupBy(w => w.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return b.All(w => byId.TryGetValue(w.Id, out var other)
            && Same(w.Name, other.Name) && w.Start == other.Start && w.End == other.End && SameItems(w.Days, other.Days));
    }

    /// <summary>
    /// A permission as one comparable string, its lists sorted, so that permissions compare by content and a role's
    /// permissions as a multiset (reordering them renames rules but changes no decision).
    /// </summary>
    private static string Fingerprint(PermissionSpec permission)
    {
        static string Join<T>(IEnumerable<T>? items, Func<T, string> text) =>
            string.Join(",", (items ?? []).Select(text).Order(StringComparer.Ordinal));

        var c = permission.Conditions ?? PermissionConditions.None;
        return string.Join(
            "|",
            Join(permission.Operations, o => ((int)o).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Join(permission.Zones, z => z.Value ?? string.Empty),
            Join(permission.ZoneKinds, k => ((int)k).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Join(permission.AssetTypes, t => ((int)t).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Join(permission.Assets, a => a.Value ?? string.Empty),
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.OnShift}/{c.MfaMaxAgeMinutes}/{c.MaintenanceWindow}/{c.MinTrust}"));
    }

    private static string Fingerprint(PlaybookStep step) =>
        string.Join(
            "|",
            ((int)step.Kind).ToString(System.Globalization.CultureInfo.InvariantCulture),
            step.Impact.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ((int)(step.Mode == PlaybookMode.Unspecified ? PlaybookMode.Recommend : step.Mode)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            step.RevertAfter?.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            step.Url?.OriginalString ?? "-",
            string.Join(",", step.AccessFrom ?? []),
            step.Description ?? string.Empty);

    private static bool SameAssignments(IReadOnlyList<PlantAssignment>? a, IReadOnlyList<PlantAssignment>? b)
    {
        a ??= [];
        b ??= [];
        if (a.Count != b.Count)
        {
            return false;
        }

        var byPlant = a.GroupBy(x => x.Plant).ToDictionary(g => g.Key, g => g.First());
        return b.All(x => byPlant.TryGetValue(x.Plant, out var other) && Same(x.Shift, other.Shift) && SameItems(x.Roles, other.Roles));
    }
}
