using System.Globalization;
using System.Text.RegularExpressions;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// The rules a fleet model must satisfy, checked on the model itself so that a document, a CSV import merged into a
/// plant and a fleet assembled by code are held to the same rules. Field paths name the entity by id
/// (<c>plants[berlin].assets[plc-1].ip</c>), or by position (<c>assets[#3]</c>) when it has no id.
/// </summary>
/// <remarks>
/// Every problem is reported, not only the first. The rules assume nothing about order; duplicates are reported on
/// the later entity. <see cref="FleetDocumentReader"/> runs the same rules and adds source lines.
/// </remarks>
public static partial class FleetDocumentValidator
{
    /// <summary>Every violation of the model, in document order.</summary>
    /// <param name="document">The fleet to check.</param>
    /// <param name="knownPlants">
    /// Plants the fleet already holds outside this document: an identity may be assigned to one of them.
    /// </param>
    public static IReadOnlyList<Violation> Validate(FleetDocument document, IReadOnlySet<PlantId>? knownPlants = null) =>
        Validate(document, knownPlants, null);

    /// <summary>Every violation of the model, in document order.</summary>
    /// <param name="document">The fleet to check.</param>
    /// <param name="knownPlants">
    /// Plants the fleet already holds outside this document: an identity may be assigned to one of them.
    /// </param>
    /// <param name="knownRoles">
    /// Role ids the fleet already defines outside this document: an assignment may name one of them.
    /// </param>
    public static IReadOnlyList<Violation> Validate(
        FleetDocument document, IReadOnlySet<PlantId>? knownPlants, IReadOnlySet<string>? knownRoles) =>
        Validate(document, knownPlants, knownRoles, null);

    /// <summary>Every violation of the model, in document order, with environment-dependent rules.</summary>
    /// <param name="document">The fleet to check.</param>
    /// <param name="knownPlants">
    /// Plants the fleet already holds outside this document: an identity may be assigned to one of them.
    /// </param>
    /// <param name="knownRoles">
    /// Role ids the fleet already defines outside this document: an assignment may name one of them.
    /// </param>
    /// <param name="options">Where the control plane runs (plain-HTTP webhooks in Development); null: the production rules.</param>
    public static IReadOnlyList<Violation> Validate(
        FleetDocument document, IReadOnlySet<PlantId>? knownPlants, IReadOnlySet<string>? knownRoles, FleetValidationOptions? options) =>
        Check(document, knownPlants, knownRoles, options).Select(i => new Violation(i.Path, i.Description)).ToList();

    internal static IReadOnlyList<ValidationIssue> Check(
        FleetDocument document, IReadOnlySet<PlantId>? knownPlants, IReadOnlySet<string>? knownRoles, FleetValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var sink = new Sink();
        if (document.Policy is { } policy)
        {
            CheckPolicy(policy, sink.Enter("policy"));
        }

        if (document.Trust is { } trust)
        {
            var scope = sink.Enter("trust");
            foreach (var (field, problem) in trust.Problems())
            {
                scope.Report(field.StartsWith("trust.", StringComparison.Ordinal) ? field["trust.".Length..] : field, problem);
            }
        }

        if (document.Response is { } response)
        {
            CheckResponse(response, document.Plants ?? [], knownPlants, options ?? FleetValidationOptions.Default, sink);
        }

        if (document.Compliance is { } compliance)
        {
            CheckCompliance(compliance, document.Plants ?? [], knownPlants, sink);
        }

        var roleIds = new HashSet<string>(knownRoles ?? new HashSet<string>(), StringComparer.Ordinal);
        var roles = document.Roles ?? [];
        var definedHere = new HashSet<string>(StringComparer.Ordinal);
        var shiftOnly = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < roles.Count; i++)
        {
            var role = roles[i];
            var scope = sink.Enter(Key("roles", role.Id, i));
            CheckRole(role, scope);
            if (!string.IsNullOrEmpty(role.Id) && !definedHere.Add(role.Id))
            {
                scope.Report("id", $"role id {Echo.Of(role.Id)} is used by more than one role");
            }

            if (!string.IsNullOrEmpty(role.Id))
            {
                roleIds.Add(role.Id);
                if ((role.Permissions ?? []).Count > 0 && role.Permissions!.All(p => p?.Conditions?.OnShift == true))
                {
                    shiftOnly.Add(role.Id);
                }
            }
        }

        var plants = document.Plants ?? [];
        var plantsById = new Dictionary<PlantId, PlantSpec>();
        for (var i = 0; i < plants.Count; i++)
        {
            var plant = plants[i];
            var scope = sink.Enter(Key("plants", plant.Id.Value, i));
            CheckPlant(plant, scope, roleIds);
            if (plant.Id.Value is not null && !plantsById.TryAdd(plant.Id, plant))
            {
                scope.Report("id", $"plant id '{plant.Id}' is used by more than one plant");
            }
        }

        var identities = document.Identities ?? [];
        var identityIds = new HashSet<IdentityId>();
        for (var i = 0; i < identities.Count; i++)
        {
            var identity = identities[i];
            var scope = sink.Enter(Key("identities", identity.Id.Value, i));
            CheckIdentity(identity, scope, plantsById, knownPlants, roleIds, shiftOnly);
            if (identity.Id.Value is not null && !identityIds.Add(identity.Id))
            {
                scope.Report("id", $"identity id '{identity.Id}' is used by more than one identity");
            }
        }

        return sink.Issues;
    }

    /// <summary>
    /// The rules of one asset on its own (duplicates across assets are the caller's). <paramref name="report"/>
    /// receives the asset field concerned (<c>ip</c>, <c>vulnerabilities[CVE-…]</c>) and the description.
    /// </summary>
    internal static void CheckAsset(
        AssetSpec asset, IReadOnlyDictionary<ZoneId, ZoneSpec> zones, PlantId plant, Action<string, string> report)
    {
        if (asset.Id.Value is null)
        {
            report("id", "id is missing");
        }

        RequireText(asset.Name, "name", report);
        if (asset.Zone.Value is null)
        {
            report("zone", "zone is required");
        }
        else if (!zones.ContainsKey(asset.Zone))
        {
            report("zone", $"zone '{asset.Zone}' is not defined in plant {plant}");
        }

        RequireVocabulary(asset.Type, "type", report);
        if (asset.Ip is not null)
        {
            if (!NetworkAddress.TryCanonicalIp(asset.Ip, out var ip))
            {
                report("ip", $"{Echo.Of(asset.Ip)} is not an IP address (IPv4 as a full dotted quad such as 10.10.21.11, or IPv6)");
            }
            else if (ip != asset.Ip)
            {
                report("ip", $"{Echo.Of(asset.Ip)} is not in canonical form {Echo.Of(ip)}");
            }
        }

        if (asset.Mac is not null)
        {
            if (!NetworkAddress.TryCanonicalMac(asset.Mac, out var mac))
            {
                report("mac", $"{Echo.Of(asset.Mac)} is not a MAC address (00:1B:1B:12:34:56, 00-1B-1B-12-34-56 or 001b.1b12.3456)");
            }
            else if (mac != asset.Mac)
            {
                report("mac", $"{Echo.Of(asset.Mac)} is not in canonical form {Echo.Of(mac)}");
            }
        }

        if (asset.Criticality is < 1 or > 5)
        {
            report("criticality", $"criticality must be 1 (low) to 5 (highest), not {asset.Criticality}");
        }

        foreach (var cve in asset.Vulnerabilities ?? [])
        {
            if (!IsCveId(cve))
            {
                report($"vulnerabilities[{Echo.Key(cve)}]", $"{Echo.Of(cve)} is not a CVE id (CVE-YYYY-NNNN)");
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> is a CVE id as MITRE writes them: <c>CVE-2022-38465</c>.</summary>
    internal static bool IsCveId(string? value) => value is not null && CvePattern().IsMatch(value);

    /// <summary>An IANA zone name exactly as tzdata spells it; Windows names and other spellings are refused.</summary>
    internal static bool IsIanaTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id)
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
        && zone.HasIanaId
        && string.Equals(zone.Id, id, StringComparison.Ordinal);

    /// <summary>
    /// Whether a conduit between these zones would bypass the DMZ: enterprise IT (kind enterprise-it or Purdue 4–5) on
    /// one side and OT control or safety (kind ot-control or safety, or Purdue 0–2) on the other.
    /// </summary>
    internal static bool BypassesDmz(ZoneSpec a, ZoneSpec b) =>
        (IsEnterprise(a) && IsControlOrSafety(b)) || (IsEnterprise(b) && IsControlOrSafety(a));

    internal static bool IsEnterprise(ZoneSpec zone) =>
        zone.Kind == ZoneKind.EnterpriseIt || zone.PurdueLevel is PurdueLevel.Level4 or PurdueLevel.Level5;

    internal static bool IsControlOrSafety(ZoneSpec zone) =>
        zone.Kind is ZoneKind.OtControl or ZoneKind.Safety
        || zone.PurdueLevel is PurdueLevel.Level0 or PurdueLevel.Level1 or PurdueLevel.Level2;

    internal static string Key(string list, string? id, int index) =>
        string.IsNullOrEmpty(id) ? $"{list}[#{index}]" : $"{list}[{Echo.Key(id)}]";

    private static void CheckPlant(PlantSpec plant, Scope scope, IReadOnlySet<string> roleIds)
    {
        if (plant.Id.Value is null)
        {
            scope.Report("id", "id is missing");
        }

        RequireText(plant.Name, "name", scope.Report);
        if (string.IsNullOrWhiteSpace(plant.TimeZone))
        {
            scope.Report("timeZone", "timeZone is required: an IANA time zone such as Europe/Berlin");
        }
        else if (!IsIanaTimeZone(plant.TimeZone))
        {
            scope.Report("timeZone", $"{Echo.Of(plant.TimeZone)} is not a known IANA time zone (such as Europe/Berlin or America/Chicago)");
        }

        var shiftIds = new HashSet<string>(StringComparer.Ordinal);
        var shifts = plant.Shifts ?? [];
        for (var i = 0; i < shifts.Count; i++)
        {
            var shift = shifts[i];
            var shiftScope = scope.Enter("shifts", shift.Id, i);
            CheckShift(shift, shiftScope);
            if (!string.IsNullOrEmpty(shift.Id) && !shiftIds.Add(shift.Id))
            {
                shiftScope.Report("id", $"shift id {Echo.Of(shift.Id)} is used more than once in plant {plant.Id}");
            }
        }

        if (plant.Monitoring is { } monitoring)
        {
            CheckMonitoring(monitoring, scope);
        }

        var windowIds = new HashSet<string>(StringComparer.Ordinal);
        var windows = plant.MaintenanceWindows ?? [];
        for (var i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            var windowScope = scope.Enter("maintenanceWindows", window.Id, i);
            CheckRecurring(window.Id, window.Name, window.Start, window.End, window.Days, "maintenance window", windowScope);
            if (!string.IsNullOrEmpty(window.Id) && !windowIds.Add(window.Id))
            {
                windowScope.Report("id", $"maintenance window id {Echo.Of(window.Id)} is used more than once in plant {plant.Id}");
            }
        }

        var zonesById = new Dictionary<ZoneId, ZoneSpec>();
        var zones = plant.Zones ?? [];
        for (var i = 0; i < zones.Count; i++)
        {
            var zone = zones[i];
            var zoneScope = scope.Enter("zones", zone.Id.Value, i);
            CheckZone(zone, zoneScope);
            if (zone.Id.Value is not null && !zonesById.TryAdd(zone.Id, zone))
            {
                zoneScope.Report("id", $"zone id '{zone.Id}' is used more than once in plant {plant.Id}");
            }
        }

        var assetsById = new Dictionary<AssetId, AssetSpec>();
        var ipOwners = new Dictionary<string, AssetId>(StringComparer.Ordinal);
        var macOwners = new Dictionary<string, AssetId>(StringComparer.Ordinal);
        var assets = plant.Assets ?? [];
        for (var i = 0; i < assets.Count; i++)
        {
            var asset = assets[i];
            var assetScope = scope.Enter("assets", asset.Id.Value, i);
            CheckAsset(asset, zonesById, plant.Id, assetScope.Report);
            if (asset.Id.Value is not null && !assetsById.TryAdd(asset.Id, asset))
            {
                assetScope.Report("id", $"asset id '{asset.Id}' is used more than once in plant {plant.Id}");
            }

            if (asset.Ip is not null && !ipOwners.TryAdd(asset.Ip, asset.Id))
            {
                assetScope.Report("ip", $"ip {asset.Ip} is already used by asset {ipOwners[asset.Ip]} in plant {plant.Id}");
            }

            if (asset.Mac is not null && !macOwners.TryAdd(asset.Mac, asset.Id))
            {
                assetScope.Report("mac", $"mac {asset.Mac} is already used by asset {macOwners[asset.Mac]} in plant {plant.Id}");
            }
        }

        var conduitIds = new HashSet<ConduitId>();
        var conduitsByZones = new Dictionary<(ZoneId, ZoneId), List<ConduitSpec>>();
        var conduits = plant.Conduits ?? [];
        for (var i = 0; i < conduits.Count; i++)
        {
            var conduit = conduits[i];
            var conduitScope = scope.Enter("conduits", conduit.Id.Value, i);
            CheckConduit(conduit, conduitScope, plant.Id, zonesById, assetsById);
            CheckConduitConditions(conduit.Conditions, conduitScope, plant, roleIds);
            if (conduit.Id.Value is not null && !conduitIds.Add(conduit.Id))
            {
                conduitScope.Report("id", $"conduit id '{conduit.Id}' is used more than once in plant {plant.Id}");
            }

            // Indexed both ways so a flow finds the conduits between its two zones without scanning them all.
            Index(conduitsByZones, (conduit.From, conduit.To), conduit);
            if (conduit.Direction == ConduitDirection.Bidirectional)
            {
                Index(conduitsByZones, (conduit.To, conduit.From), conduit);
            }
        }

        var flowIds = new HashSet<FlowId>();
        var flows = plant.Flows ?? [];
        for (var i = 0; i < flows.Count; i++)
        {
            var flow = flows[i];
            var flowScope = scope.Enter("flows", flow.Id.Value, i);
            CheckFlow(flow, flowScope, plant.Id, assetsById, zonesById, conduitsByZones);
            if (flow.Id.Value is not null && !flowIds.Add(flow.Id))
            {
                flowScope.Report("id", $"flow id '{flow.Id}' is used more than once in plant {plant.Id}");
            }
        }
    }

    private static void CheckShift(ShiftSpec shift, Scope scope) =>
        CheckRecurring(shift.Id, shift.Name, shift.Start, shift.End, shift.Days, "shift", scope);

    /// <summary>The rules shared by shifts and maintenance windows: both recur weekly in the plant's time zone.</summary>
    private static void CheckRecurring(
        string? id, string? name, TimeOnly start, TimeOnly end, IReadOnlyList<DayOfWeek>? days, string what, Scope scope)
    {
        if (string.IsNullOrEmpty(id))
        {
            scope.Report("id", "id is missing");
        }
        else if (!EntityId.IsValid(id))
        {
            scope.Report("id", EntityId.Describe(id));
        }

        RequireText(name, "name", scope.Report);
        if (start.Second != 0 || start.Millisecond != 0)
        {
            scope.Report("start", $"start must be whole minutes (HH:mm), not {start:HH:mm:ss.fff}");
        }

        if (end.Second != 0 || end.Millisecond != 0)
        {
            scope.Report("end", $"end must be whole minutes (HH:mm), not {end:HH:mm:ss.fff}");
        }

        days ??= [];
        if (days.Count == 0)
        {
            scope.Report("days", $"days is required: the days the {what} starts on ({InventoryVocabulary.Allowed<DayOfWeek>()})");
        }
        else if (days.Any(d => !Enum.IsDefined(d)))
        {
            scope.Report("days", $"days must be among {InventoryVocabulary.Allowed<DayOfWeek>()}");
        }
    }

    private static void CheckPolicy(FleetPolicy policy, Scope scope)
    {
        CheckRange(policy.DecisionTtlSeconds, 1, 3600, "decisionTtlSeconds", "seconds an enforcement point may cache a decision", scope);
        CheckRange(policy.ShiftGraceMinutes, 0, 120, "shiftGraceMinutes", "minutes after a shift's end", scope);
        CheckRange(policy.GrantMfaMaxAgeMinutes, 1, 1440, "grantMfaMaxAgeMinutes", "minutes", scope);
        CheckRange(policy.MaxGrantHours, 1, 720, "maxGrantHours", "hours", scope);

        // Dual approval (IEC 62443-3-3 SR 2.1 RE 4) for safety-related targets is a floor, not a preference.
        CheckRange(policy.SafetyApprovers, 2, 5, "safetyApprovers", "distinct approvers; never fewer than two", scope);
    }

    private static void CheckMonitoring(Monitoring.MonitoringSettings monitoring, Scope scope)
    {
        CheckRange(monitoring.LearningDays, 1, 365, "monitoring.learningDays", "days of learning", scope);
        foreach (var (field, description) in monitoring.Detectors.Problems())
        {
            scope.Report($"monitoring.{field}", $"{field} {description}");
        }
    }

    private static void CheckRole(RoleSpec role, Scope scope)
    {
        if (string.IsNullOrEmpty(role.Id))
        {
            scope.Report("id", "id is missing");
        }
        else if (!EntityId.IsValid(role.Id))
        {
            scope.Report("id", EntityId.Describe(role.Id));
        }

        var permissions = role.Permissions ?? [];
        for (var i = 0; i < permissions.Count; i++)
        {
            CheckPermission(permissions[i], scope.Enter("permissions", null, i));
        }
    }

    private static void CheckPermission(PermissionSpec permission, Scope scope)
    {
        var operations = permission.Operations ?? [];
        if (operations.Count == 0)
        {
            scope.Report("operations", $"operations is required: one or more of {InventoryVocabulary.Allowed<Operation>()}");
        }
        else if (operations.Any(o => !o.IsDefined()))
        {
            scope.Report("operations", $"operations must be among {InventoryVocabulary.Allowed<Operation>()}");
        }

        if ((permission.Zones ?? []).Any(z => z.Value is null))
        {
            scope.Report("zones", "zones contains a missing zone id");
        }

        if ((permission.Assets ?? []).Any(a => a.Value is null))
        {
            scope.Report("assets", "assets contains a missing asset id");
        }

        if ((permission.ZoneKinds ?? []).Any(k => !InventoryVocabulary.TryName(k, out _)))
        {
            scope.Report("zoneKinds", $"zoneKinds must be among {InventoryVocabulary.Allowed<ZoneKind>()}");
        }

        CheckAssetTypes(permission.AssetTypes, "assetTypes", scope);
        var conditions = permission.Conditions ?? PermissionConditions.None;
        if (conditions.MfaMaxAgeMinutes is { } age)
        {
            CheckRange(age, 1, 1440, "conditions.mfaMaxAgeMinutes", "minutes", scope);
        }

        if (conditions.MinTrust is { } trust)
        {
            CheckRange(trust, 0, 100, "conditions.minTrust", "a trust score", scope);
        }
    }

    private static void CheckRange(int value, int min, int max, string field, string unit, Scope scope)
    {
        if (value < min || value > max)
        {
            var name = field[(field.LastIndexOf('.') + 1)..];
            scope.Report(field, string.Create(CultureInfo.InvariantCulture, $"{name} must be {min} to {max} ({unit}), not {value}"));
        }
    }

    private static void CheckZone(ZoneSpec zone, Scope scope)
    {
        if (zone.Id.Value is null)
        {
            scope.Report("id", "id is missing");
        }

        RequireText(zone.Name, "name", scope.Report);
        RequireVocabulary(zone.Kind, "kind", scope.Report);
        if (!InventoryVocabulary.TryName(zone.PurdueLevel, out var level))
        {
            scope.Report("purdueLevel", $"purdueLevel is required: one of {QuotedLevels()}");
        }
        else if (InventoryVocabulary.TryName(zone.Kind, out var kind) && !ExpectedLevels(zone.Kind).Contains(zone.PurdueLevel))
        {
            var expected = string.Join(", ", ExpectedLevels(zone.Kind).Select(l => $"\"{InventoryVocabulary.Name(l)}\""));
            scope.Report("purdueLevel", $"purdueLevel \"{level}\" does not fit the kind {kind} (expected {expected})");
        }

        RequireVocabulary(zone.FailMode, "failMode", scope.Report);
        if (zone.FailMode == ZoneFailMode.Static)
        {
            if (zone.FailStaticMinutes is not { } bound)
            {
                scope.Report("failStaticMinutes", "failStaticMinutes is required with failMode static: how long (1 to 10080 minutes) enforcement points keep their last ruleset without the control plane");
            }
            else
            {
                CheckRange(bound, 1, 10080, "failStaticMinutes", "minutes", scope);
            }
        }
        else if (zone.FailStaticMinutes is not null)
        {
            scope.Report("failStaticMinutes", "failStaticMinutes applies only with failMode static");
        }

        if (zone.SecurityLevelTarget is < 1 or > 4)
        {
            scope.Report(
                "securityLevelTarget",
                zone.SecurityLevelTarget == 0
                    ? "securityLevelTarget is required: SL-T 1 to 4"
                    : $"securityLevelTarget must be SL-T 1 to 4, not {zone.SecurityLevelTarget}");
        }
    }

    private static void CheckConduit(
        ConduitSpec conduit,
        Scope scope,
        PlantId plant,
        IReadOnlyDictionary<ZoneId, ZoneSpec> zones,
        IReadOnlyDictionary<AssetId, AssetSpec> assets)
    {
        if (conduit.Id.Value is null)
        {
            scope.Report("id", "id is missing");
        }

        var from = RequireZone(conduit.From, "from", plant, zones, scope);
        var to = RequireZone(conduit.To, "to", plant, zones, scope);
        if (conduit.From.Value is not null && conduit.From == conduit.To)
        {
            scope.Report("to", $"a conduit connects two different zones; traffic inside zone {conduit.To} is declared with flows");
        }

        var protocolKnown = RequireVocabulary(conduit.Protocol, "protocol", scope.Report);
        CheckPort(conduit.Port, scope);
        var operations = conduit.Operations ?? [];
        if (protocolKnown)
        {
            var protocol = InventoryVocabulary.Name(conduit.Protocol);
            if (ProtocolOperations.RequiresOperations(conduit.Protocol))
            {
                if (operations.Count == 0)
                {
                    scope.Report(
                        "operations",
                        $"{protocol} conduits must list the operations they allow ({ProtocolOperations.Describe(conduit.Protocol)})");
                }

                foreach (var operation in operations)
                {
                    if (!ProtocolOperations.IsAllowed(conduit.Protocol, operation))
                    {
                        scope.Report(
                            $"operations[{Echo.Key(operation)}]",
                            $"{Echo.Of(operation)} is not a {protocol} operation (allowed: {ProtocolOperations.Describe(conduit.Protocol)})");
                    }
                }
            }
            else if (operations.Count > 0)
            {
                scope.Report("operations", $"{protocol} has no operation vocabulary; leave operations empty to allow the whole protocol");
            }
        }

        RequireVocabulary(conduit.Direction, "direction", scope.Report);
        CheckAssetTypes(conduit.FromAssetTypes, "fromAssetTypes", scope);
        CheckAssetTypes(conduit.ToAssetTypes, "toAssetTypes", scope);
        CheckSideAssets(conduit.FromAssets, "fromAssets", "from", conduit.From, from is not null, plant, assets, scope);
        CheckSideAssets(conduit.ToAssets, "toAssets", "to", conduit.To, to is not null, plant, assets, scope);

        // What reaches a Modbus device is a function code: into a safety zone, where only what is listed by name passes,
        // a group would allow nothing.
        if (to is { Kind: ZoneKind.Safety } && conduit.Protocol == Protocol.ModbusTcp)
        {
            foreach (var group in operations.Where(o => o is "read" or "write"))
            {
                scope.Report($"operations[{Echo.Key(group)}]", $"into safety zone {to.Id} a Modbus/TCP conduit lists function codes (fc1 … fc127), not the group {Echo.Of(group)}");
            }
        }

        if (from is not null && to is not null && BypassesDmz(from, to))
        {
            var (it, ot) = IsEnterprise(from) ? (from, to) : (to, from);
            scope.ReportSelf(
                $"conduit connects enterprise IT zone {it.Id} directly to {Describe(ot.Kind)} zone {ot.Id}: traffic between "
                + "enterprise IT (Purdue 4-5) and OT control or safety (Purdue 0-2) must pass through a DMZ");
        }
    }

    private static void CheckConduitConditions(ConduitConditions? conditions, Scope scope, PlantSpec plant, IReadOnlySet<string> roleIds)
    {
        if (conditions is null)
        {
            return;
        }

        if (conditions.MaintenanceWindow && (plant.MaintenanceWindows ?? []).Count == 0)
        {
            scope.Report("conditions.maintenanceWindow", $"plant {plant.Id} has no maintenance windows: the conduit would never open");
        }

        var roles = conditions.Roles ?? [];
        for (var i = 0; i < roles.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(roles[i]))
            {
                scope.Report($"conditions.roles[{i}]", "a role id is required");
            }
            else if (!roleIds.Contains(roles[i]))
            {
                scope.Report($"conditions.roles[{i}]", $"role {Echo.Of(roles[i])} is not defined by the fleet");
            }
        }
    }

    private static void CheckFlow(
        FlowSpec flow,
        Scope scope,
        PlantId plant,
        IReadOnlyDictionary<AssetId, AssetSpec> assets,
        IReadOnlyDictionary<ZoneId, ZoneSpec> zones,
        IReadOnlyDictionary<(ZoneId, ZoneId), List<ConduitSpec>> conduitsByZones)
    {
        if (flow.Id.Value is null)
        {
            scope.Report("id", "id is missing");
        }

        var source = RequireAsset(flow.From, "from", plant, assets, scope);
        var target = RequireAsset(flow.To, "to", plant, assets, scope);
        if (flow.From.Value is not null && flow.From == flow.To)
        {
            scope.Report("to", "a flow connects two different assets");
        }

        var protocolKnown = RequireVocabulary(flow.Protocol, "protocol", scope.Report);
        CheckPort(flow.Port, scope);
        RequireText(flow.Purpose, "purpose", scope.Report);
        var operations = flow.Operations ?? [];
        if (protocolKnown)
        {
            var protocol = InventoryVocabulary.Name(flow.Protocol);
            if (!ProtocolOperations.RequiresOperations(flow.Protocol) && operations.Count > 0)
            {
                scope.Report("operations", $"{protocol} has no operation vocabulary; leave operations empty");
            }
            else
            {
                foreach (var operation in operations.Where(o => !ProtocolOperations.IsAllowed(flow.Protocol, o)))
                {
                    scope.Report($"operations[{Echo.Key(operation)}]", $"{Echo.Of(operation)} is not a {protocol} operation (allowed: {ProtocolOperations.Describe(flow.Protocol)})");
                }
            }

            // Safety zones accept only what is listed explicitly, inside them as across their boundary.
            if (source is not null && target is not null && source.Zone == target.Zone
                && zones.TryGetValue(source.Zone, out var zone) && zone.Kind == ZoneKind.Safety)
            {
                if (!ProtocolOperations.RequiresOperations(flow.Protocol))
                {
                    scope.Report("protocol", $"inside safety zone {zone.Id} only OT protocols with listed operations are declared; {protocol} carries no operations to list");
                }
                else if (operations.Count == 0)
                {
                    scope.Report("operations", $"a flow inside safety zone {zone.Id} must list its operations ({ProtocolOperations.Describe(flow.Protocol)})");
                }
            }
        }

        // Default deny between zones: a declared dependency that no conduit carries would be blocked in production.
        if (protocolKnown && source is not null && target is not null && source.Zone != target.Zone
            && !(conduitsByZones.TryGetValue((source.Zone, target.Zone), out var candidates)
                 && candidates.Any(c => c.Carries(flow, source, target))))
        {
            scope.ReportSelf(
                $"flow from zone {source.Zone} to zone {target.Zone} ({InventoryVocabulary.Name(flow.Protocol)} port {flow.Port}) "
                + "is not permitted by any conduit; add a conduit that admits both assets");
        }
    }

    private static void CheckIdentity(
        IdentitySpec identity,
        Scope scope,
        IReadOnlyDictionary<PlantId, PlantSpec> plants,
        IReadOnlySet<PlantId>? knownPlants,
        IReadOnlySet<string> roleIds,
        IReadOnlySet<string> shiftOnlyRoles)
    {
        if (identity.Id.Value is null)
        {
            scope.Report("id", "id is missing");
        }

        RequireText(identity.Name, "name", scope.Report);
        RequireVocabulary(identity.Kind, "kind", scope.Report);
        if (identity.Email is not null && !IsEmail(identity.Email))
        {
            scope.Report("email", $"{Echo.Of(identity.Email)} is not an email address");
        }

        var assigned = new HashSet<PlantId>();
        var assignments = identity.Assignments ?? [];
        for (var i = 0; i < assignments.Count; i++)
        {
            var assignment = assignments[i];
            var assignmentScope = scope.Enter("assignments", assignment.Plant.Value, i);
            plants.TryGetValue(assignment.Plant, out var plant);
            if (assignment.Plant.Value is null)
            {
                assignmentScope.Report("plant", "plant is required");
            }
            else if (!assigned.Add(assignment.Plant))
            {
                assignmentScope.Report("plant", $"identity already has an assignment at plant {assignment.Plant}; merge the roles");
            }
            else if (plant is null && knownPlants?.Contains(assignment.Plant) != true)
            {
                assignmentScope.Report("plant", $"plant '{assignment.Plant}' is neither in this document nor in the fleet");
            }

            foreach (var role in assignment.Roles ?? [])
            {
                if (!EntityId.IsValid(role))
                {
                    assignmentScope.Report($"roles[{Echo.Key(role)}]", $"role {EntityId.Describe(role)}");
                }
                else if (!roleIds.Contains(role))
                {
                    var defined = roleIds.Count == 0 ? "none" : Echo.List(roleIds.Order(StringComparer.Ordinal));
                    assignmentScope.Report($"roles[{Echo.Key(role)}]", $"role {Echo.Of(role)} is not defined (defined roles: {defined})");
                }
                else if (shiftOnlyRoles.Contains(role) && assignment.Shift is null)
                {
                    // Every permission of the role needs the identity on its shift: without one it grants nothing.
                    assignmentScope.Report($"roles[{Echo.Key(role)}]", $"role {Echo.Of(role)} applies only on shift; give the assignment at plant {assignment.Plant} a shift");
                }
            }

            // The shift can only be checked against a plant this document describes; a plant the fleet already holds
            // is checked by the caller that holds it.
            if (assignment.Shift is not null && plant is not null
                && !(plant.Shifts ?? []).Any(s => string.Equals(s.Id, assignment.Shift, StringComparison.Ordinal)))
            {
                var defined = (plant.Shifts ?? []).Count == 0 ? "none" : Echo.List(plant.Shifts!.Select(s => s.Id));
                assignmentScope.Report("shift", $"shift {Echo.Of(assignment.Shift)} is not defined at plant {plant.Id} (defined: {defined})");
            }
        }
    }

    private static ZoneSpec? RequireZone(
        ZoneId id, string field, PlantId plant, IReadOnlyDictionary<ZoneId, ZoneSpec> zones, Scope scope)
    {
        if (id.Value is null)
        {
            scope.Report(field, $"{field} is required: a zone id");
            return null;
        }

        if (zones.TryGetValue(id, out var zone))
        {
            return zone;
        }

        scope.Report(field, $"zone '{id}' is not defined in plant {plant}");
        return null;
    }

    private static AssetSpec? RequireAsset(
        AssetId id, string field, PlantId plant, IReadOnlyDictionary<AssetId, AssetSpec> assets, Scope scope)
    {
        if (id.Value is null)
        {
            scope.Report(field, $"{field} is required: an asset id");
            return null;
        }

        if (assets.TryGetValue(id, out var asset))
        {
            return asset;
        }

        scope.Report(field, $"asset '{id}' is not defined in plant {plant}");
        return null;
    }

    private static void CheckSideAssets(
        IReadOnlyList<AssetId>? ids,
        string field,
        string side,
        ZoneId zone,
        bool zoneKnown,
        PlantId plant,
        IReadOnlyDictionary<AssetId, AssetSpec> assets,
        Scope scope)
    {
        foreach (var id in ids ?? [])
        {
            if (id.Value is null)
            {
                scope.Report(field, $"{field} contains a missing asset id");
            }
            else if (!assets.TryGetValue(id, out var asset))
            {
                scope.Report($"{field}[{id}]", $"asset '{id}' is not defined in plant {plant}");
            }
            else if (zoneKnown && asset.Zone != zone)
            {
                scope.Report($"{field}[{id}]", $"asset '{id}' is in zone {asset.Zone}, not in the conduit's {side} zone {zone}");
            }
        }
    }

    private static void CheckAssetTypes(IReadOnlyList<AssetType>? types, string field, Scope scope)
    {
        if ((types ?? []).Any(t => !InventoryVocabulary.TryName(t, out _)))
        {
            scope.Report(field, $"{field} must be among {InventoryVocabulary.Allowed<AssetType>()}");
        }
    }

    private static void CheckPort(int port, Scope scope)
    {
        if (port is < 1 or > 65535)
        {
            scope.Report("port", $"port must be 1 to 65535, not {port.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static void RequireText(string? value, string field, Action<string, string> report)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            report(field, $"{field} is required");
        }
    }

    private static bool RequireVocabulary<TEnum>(TEnum value, string field, Action<string, string> report)
        where TEnum : struct, Enum
    {
        if (InventoryVocabulary.TryName(value, out _))
        {
            return true;
        }

        report(field, $"{field} is required: one of {InventoryVocabulary.Allowed<TEnum>()}");
        return false;
    }

    private static IReadOnlyList<PurdueLevel> ExpectedLevels(ZoneKind kind) =>
        kind switch
        {
            ZoneKind.EnterpriseIt => [PurdueLevel.Level4, PurdueLevel.Level5],
            ZoneKind.Dmz => [PurdueLevel.Level3_5],
            ZoneKind.OtSupervisory => [PurdueLevel.Level2, PurdueLevel.Level3],
            ZoneKind.OtControl or ZoneKind.Safety => [PurdueLevel.Level0, PurdueLevel.Level1, PurdueLevel.Level2],
            _ => [],
        };

    private static string QuotedLevels() =>
        string.Join(", ", InventoryVocabulary.Names<PurdueLevel>().Select(l => $"\"{l}\""));

    private static string Describe(ZoneKind kind) =>
        InventoryVocabulary.TryName(kind, out var name) ? name : "OT control";

    private static bool IsEmail(string value)
    {
        var at = value.IndexOf('@');
        return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1
            && !value.Any(char.IsWhiteSpace) && value.IndexOf('.', at) > at + 1 && !value.EndsWith('.');
    }

    private static void Index<TKey>(Dictionary<TKey, List<ConduitSpec>> index, TKey key, ConduitSpec conduit)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(conduit);
    }

    [GeneratedRegex("^CVE-[0-9]{4}-[0-9]{4,}$", RegexOptions.CultureInvariant)]
    private static partial Regex CvePattern();

    /// <summary>Collects issues and counts how often each entity path was entered (see <see cref="ValidationIssue"/>).</summary>
    private sealed class Sink
    {
        private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);

        public List<ValidationIssue> Issues { get; } = [];

        public Scope Enter(string path)
        {
            _occurrences.TryGetValue(path, out var occurrence);
            _occurrences[path] = occurrence + 1;
            return new Scope(this, path, occurrence);
        }
    }

    private readonly record struct Scope(Sink Sink, string Path, int Occurrence)
    {
        public void Report(string field, string description) =>
            Sink.Issues.Add(new ValidationIssue($"{Path}.{field}", Occurrence, description));

        public void ReportSelf(string description) => Sink.Issues.Add(new ValidationIssue(Path, Occurrence, description));

        public Scope Enter(string list, string? id, int index) => Sink.Enter(Key($"{Path}.{list}", id, index));
    }
}
