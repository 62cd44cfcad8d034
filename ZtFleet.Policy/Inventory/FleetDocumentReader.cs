using System.Text;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Text;

using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Reads a fleet document (YAML, or JSON, which is YAML) into a <see cref="FleetDocument"/> and reports every
/// problem with its field path and source line. The format is described in <c>docs/fleet-document.md</c>.
/// </summary>
/// <remarks>
/// Reading is in two passes. The first walks the YAML tree: unknown keys, wrong value types, spellings outside a
/// vocabulary and invalid ids are reported here, because they cannot be represented in the model. The model is then
/// normalised (default port and direction, canonical addresses, empty lists rather than null) and checked by
/// <see cref="FleetDocumentValidator"/>, so the rules exist once; the reader only adds their source lines.
/// </remarks>
public static class FleetDocumentReader
{
    public const int MaxDocumentBytes = 8 * 1024 * 1024;

    public const string ApiVersion = "ztfleet/v1";

    private static readonly string[] RootKeys = ["apiVersion", "fleet", "policy", "trust", "response", "compliance", "roles", "plants", "identities"];
    private static readonly string[] FleetKeys = ["name"];

    private static readonly string[] PolicyKeys =
        ["decisionTtlSeconds", "shiftGraceMinutes", "grantMfaMaxAgeMinutes", "maxGrantHours", "safetyApprovers", "requireChangeReason"];

    private static readonly string[] RoleKeys = ["id", "description", "permissions"];
    private static readonly string[] PermissionKeys = ["operations", "zones", "zoneKinds", "assetTypes", "assets", "conditions"];
    private static readonly string[] ConditionKeys = ["onShift", "mfaMaxAgeMinutes", "maintenanceWindow", "minTrust"];

    private static readonly string[] PlantKeys =
        ["id", "name", "timeZone", "shifts", "maintenanceWindows", "zones", "assets", "conduits", "flows", "monitoring"];

    private static readonly string[] MonitoringKeys =
        ["learningDays", "windowSeconds", "deniedFlowBurst", "scanDestinations", "scanPorts", "mfaFailureBurst", "mfaFailureWindowSeconds", "maxTracked"];

    private static readonly string[] ShiftKeys = ["id", "name", "start", "end", "days"];
    private static readonly string[] ZoneKeys =
        ["id", "name", "kind", "purdueLevel", "securityLevelTarget", "description", "failMode", "failStaticMinutes"];

    private static readonly string[] AssetKeys =
    [
        "id", "name", "zone", "type", "vendor", "model", "firmware", "serial", "ip", "mac", "criticality", "safetyRelated",
        "owner", "vulnerabilities", "usedBy", "neverAuto",
    ];

    private static readonly string[] ConduitKeys =
    [
        "id", "from", "to", "protocol", "port", "operations", "direction", "fromAssetTypes", "fromAssets", "toAssetTypes",
        "toAssets", "description", "conditions",
    ];

    private static readonly string[] ConduitConditionKeys = ["maintenanceWindow", "roles", "activeGrant"];

    private static readonly string[] FlowKeys = ["id", "from", "to", "protocol", "port", "purpose", "operations"];
    private static readonly string[] IdentityKeys = ["id", "name", "kind", "email", "organization", "assignments", "neverAuto"];
    private static readonly string[] AssignmentKeys = ["plant", "roles", "shift"];

    /// <summary>Parses and validates a fleet document.</summary>
    /// <param name="text">The YAML or JSON text; at most <see cref="MaxDocumentBytes"/> bytes as UTF-8.</param>
    /// <param name="knownPlants">Plants the fleet already holds: identities may be assigned to them.</param>
    public static FleetDocumentResult Read(string text, IReadOnlySet<PlantId>? knownPlants = null) =>
        Read(text, knownPlants, null);

    /// <summary>Parses and validates a fleet document that may assign roles the fleet already defines.</summary>
    /// <param name="text">The YAML or JSON text; at most <see cref="MaxDocumentBytes"/> bytes as UTF-8.</param>
    /// <param name="knownPlants">Plants the fleet already holds: identities may be assigned to them.</param>
    /// <param name="knownRoles">Role ids the fleet already defines: assignments may name them.</param>
    public static FleetDocumentResult Read(string text, IReadOnlySet<PlantId>? knownPlants, IReadOnlySet<string>? knownRoles) =>
        Read(text, knownPlants, knownRoles, null);

    /// <summary>Parses and validates a fleet document with environment-dependent rules (<see cref="FleetValidationOptions"/>).</summary>
    /// <param name="text">The YAML or JSON text; at most <see cref="MaxDocumentBytes"/> bytes as UTF-8.</param>
    /// <param name="knownPlants">Plants the fleet already holds: identities may be assigned to them.</param>
    /// <param name="knownRoles">Role ids the fleet already defines: assignments may name them.</param>
    /// <param name="options">Where the control plane runs (plain-HTTP webhooks in Development); null: the production rules.</param>
    public static FleetDocumentResult Read(
        string text, IReadOnlySet<PlantId>? knownPlants, IReadOnlySet<string>? knownRoles, FleetValidationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Length first: every char is at least one UTF-8 byte, so this refuses a huge string without encoding it.
        if (text.Length > MaxDocumentBytes || Encoding.UTF8.GetByteCount(text) > MaxDocumentBytes)
        {
            return Failed("document", $"the document exceeds {MaxDocumentBytes / (1024 * 1024)} MiB; split the fleet into several documents");
        }

        var root = DocumentTree.Parse(Prepare(text), out var error);
        if (error is { } syntax)
        {
            return Failed($"document (line {syntax.Line})", syntax.Message);
        }

        if (root is null || root is DocumentScalar { IsNull: true })
        {
            return Failed("document", "the document is empty");
        }

        if (root is not DocumentMapping mapping)
        {
            return Failed($"document (line {root.Line})", "the document must be a mapping with apiVersion, fleet, plants and identities");
        }

        var context = new DocumentReadContext();
        var document = ReadRoot(mapping, context);
        foreach (var issue in FleetDocumentValidator.Check(document, knownPlants, knownRoles, options))
        {
            context.Add(issue);
        }

        return new FleetDocumentResult(document, context.Violations());
    }

    private static FleetDocumentResult Failed(string field, string description) =>
        new(null, [new Violation(field, description)]);

    private static string Prepare(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        // JSON may be indented with tabs, which YAML forbids for indentation. JSON strings cannot hold a raw tab,
        // so in a JSON document every tab is whitespace and can become a space without changing any value.
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '{' or '[' ? text.Replace('\t', ' ') : text;
    }

    private static FleetDocument ReadRoot(DocumentMapping mapping, DocumentReadContext context)
    {
        var fields = new DocumentFields(mapping, string.Empty, 0, RootKeys, context);
        var version = fields.Text("apiVersion");
        if (version is null)
        {
            if (!fields.Has("apiVersion"))
            {
                context.Report("apiVersion", 0, mapping.Line, $"apiVersion is required: {ApiVersion}");
            }
        }
        else if (version != ApiVersion)
        {
            context.Report("apiVersion", 0, fields.LineOf("apiVersion"), $"apiVersion must be {ApiVersion}, not {Echo.Of(version)}");
        }

        var name = string.Empty;
        if (fields.Mapping("fleet") is { } fleet)
        {
            name = new DocumentFields(fleet, "fleet", 0, FleetKeys, context).Text("name") ?? string.Empty;
        }

        FleetPolicy? policy = null;
        if (fields.Mapping("policy") is { } policyMapping)
        {
            policy = ReadPolicy(policyMapping, context);
        }

        var trust = fields.Mapping("trust") is { } trustMapping ? FleetDocumentTrustSection.Read(trustMapping, context) : null;
        var response = fields.Mapping("response") is { } responseMapping ? FleetDocumentResponseSection.Read(responseMapping, context) : null;
        var compliance = fields.Mapping("compliance") is { } complianceMapping ? FleetDocumentComplianceSection.Read(complianceMapping, context) : null;

        // Absent sections stay null, so that applying without prune keeps what the fleet has and a document reads
        // back exactly as written.
        var roles = fields.Has("roles") ? fields.List("roles", (node, index) => ReadRole(node, index, context)) : null;
        var plants = fields.List("plants", (node, index) => ReadPlant(node, index, context));
        var identities = fields.List("identities", (node, index) => ReadIdentity(node, index, context));
        return new FleetDocument(name, plants, identities, roles, policy, trust, response, compliance);
    }

    private static FleetPolicy ReadPolicy(DocumentMapping mapping, DocumentReadContext context)
    {
        var fields = new DocumentFields(mapping, "policy", 0, PolicyKeys, context);
        var defaults = FleetPolicy.Default;
        return new FleetPolicy(
            fields.Int("decisionTtlSeconds") ?? defaults.DecisionTtlSeconds,
            fields.Int("shiftGraceMinutes") ?? defaults.ShiftGraceMinutes,
            fields.Int("grantMfaMaxAgeMinutes") ?? defaults.GrantMfaMaxAgeMinutes,
            fields.Int("maxGrantHours") ?? defaults.MaxGrantHours,
            fields.Int("safetyApprovers") ?? defaults.SafetyApprovers,
            fields.Bool("requireChangeReason") ?? defaults.RequireChangeReason);
    }

    private static RoleSpec? ReadRole(DocumentNode node, int index, DocumentReadContext context)
    {
        if (OpenNamed(node, "roles", index, RoleKeys, "a role must be a mapping (id, description, permissions)", context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;
        var permissions = fields.List("permissions", (n, i) => ReadPermission(n, i, fields, context));
        var role = new RoleSpec(id ?? string.Empty, fields.OptionalText("description"), permissions);
        return id is null ? null : role;
    }

    private static PermissionSpec? ReadPermission(DocumentNode node, int index, DocumentFields role, DocumentReadContext context)
    {
        var path = FleetDocumentValidator.Key($"{role.Path}.permissions", null, index);
        if (node is not DocumentMapping mapping)
        {
            context.Report(path, DocumentReadContext.Detached, node.Line, "a permission must be a mapping (operations, zones, zoneKinds, assetTypes, assets, conditions)");
            return null;
        }

        // A permission has no id: it is named by position, and belongs to the model only when its role does.
        var occurrence = role.Detached ? DocumentReadContext.Detached : context.Enter(path, mapping.Line);
        var fields = new DocumentFields(mapping, path, occurrence, PermissionKeys, context);
        var conditions = PermissionConditions.None;
        if (fields.Mapping("conditions") is { } conditionMapping)
        {
            var condition = new DocumentFields(conditionMapping, $"{path}.conditions", occurrence, ConditionKeys, context);
            conditions = new PermissionConditions(
                condition.Bool("onShift") ?? false,
                condition.Int("mfaMaxAgeMinutes"),
                condition.Bool("maintenanceWindow") ?? false,
                condition.Int("minTrust"));
        }

        return new PermissionSpec(
            fields.EnumList<Operation>("operations"),
            fields.IdList<ZoneId>("zones"),
            fields.EnumList<ZoneKind>("zoneKinds"),
            fields.EnumList<AssetType>("assetTypes"),
            fields.IdList<AssetId>("assets"),
            conditions);
    }

    private static PlantSpec? ReadPlant(DocumentNode node, int index, DocumentReadContext context)
    {
        if (Open<PlantId>(node, "plants", index, PlantKeys, context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;

        var shifts = fields.List("shifts", (n, i) => ReadShift(n, i, fields.Path, context));
        var windows = fields.Has("maintenanceWindows")
            ? fields.List("maintenanceWindows", (n, i) => ReadMaintenanceWindow(n, i, fields.Path, context))
            : null;
        var zones = fields.List("zones", (n, i) => ReadZone(n, i, fields.Path, context));
        var assets = fields.List("assets", (n, i) => ReadAsset(n, i, fields.Path, context));
        var conduits = fields.List("conduits", (n, i) => ReadConduit(n, i, fields.Path, context));
        var flows = fields.List("flows", (n, i) => ReadFlow(n, i, fields.Path, context));
        var monitoring = fields.Mapping("monitoring") is { } monitoringMapping
            ? ReadMonitoring(new DocumentFields(monitoringMapping, $"{fields.Path}.monitoring", fields.Occurrence, MonitoringKeys, context))
            : null;
        var plant = new PlantSpec(
            id, fields.Text("name") ?? string.Empty, fields.Text("timeZone") ?? string.Empty, shifts, zones, assets, conduits, flows, windows)
        {
            Monitoring = monitoring,
        };
        return fields.Detached ? null : plant;
    }

    /// <summary>A plant's <c>monitoring:</c> section: what it omits keeps its default.</summary>
    private static MonitoringSettings ReadMonitoring(DocumentFields fields)
    {
        var defaults = PlantDetectorSettings.Default;
        return new MonitoringSettings
        {
            LearningDays = fields.Int("learningDays") ?? MonitoringSettings.Default.LearningDays,
            Detectors = new PlantDetectorSettings
            {
                WindowSeconds = fields.Int("windowSeconds") ?? defaults.WindowSeconds,
                DeniedFlowBurst = fields.Int("deniedFlowBurst") ?? defaults.DeniedFlowBurst,
                ScanDestinations = fields.Int("scanDestinations") ?? defaults.ScanDestinations,
                ScanPorts = fields.Int("scanPorts") ?? defaults.ScanPorts,
                MfaFailureBurst = fields.Int("mfaFailureBurst") ?? defaults.MfaFailureBurst,
                MfaFailureWindowSeconds = fields.Int("mfaFailureWindowSeconds") ?? defaults.MfaFailureWindowSeconds,
                MaxTracked = fields.Int("maxTracked") ?? defaults.MaxTracked,
            },
        };
    }

    private static ShiftSpec? ReadShift(DocumentNode node, int index, string plantPath, DocumentReadContext context)
    {
        if (OpenNamed(node, $"{plantPath}.shifts", index, ShiftKeys, "a shift must be a mapping (id, name, start, end, days)", context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;
        var start = fields.Time("start");
        var end = fields.Time("end");
        var days = fields.EnumList<DayOfWeek>("days");
        var shift = new ShiftSpec(id ?? string.Empty, fields.Text("name") ?? id ?? string.Empty, start, end, days);
        return id is null ? null : shift;
    }

    private static MaintenanceWindowSpec? ReadMaintenanceWindow(DocumentNode node, int index, string plantPath, DocumentReadContext context)
    {
        if (OpenNamed(node, $"{plantPath}.maintenanceWindows", index, ShiftKeys, "a maintenance window must be a mapping (id, name, start, end, days)", context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;
        var start = fields.Time("start");
        var end = fields.Time("end");
        var days = fields.EnumList<DayOfWeek>("days");
        var window = new MaintenanceWindowSpec(id ?? string.Empty, fields.Text("name") ?? id ?? string.Empty, start, end, days);
        return id is null ? null : window;
    }

    /// <summary>
    /// Starts reading a list item whose id is a plain string in the model (shifts, maintenance windows, roles): the
    /// validator checks the id's spelling, so only a missing id leaves the item without a path (returned as null
    /// with detached fields). Returns null when the item is not a mapping.
    /// </summary>
    internal static (string? Id, DocumentFields Fields)? OpenNamed(
        DocumentNode node, string list, int index, string[] keys, string notAMapping, DocumentReadContext context)
    {
        if (node is not DocumentMapping mapping)
        {
            context.Report(FleetDocumentValidator.Key(list, null, index), DocumentReadContext.Detached, node.Line, notAMapping);
            return null;
        }

        var idNode = mapping.Entries.FirstOrDefault(e => e.Key.Value == "id").Value as DocumentScalar;
        var id = idNode is { IsNull: false } ? idNode.Value : null;
        var path = FleetDocumentValidator.Key(list, id, index);
        var occurrence = id is null ? DocumentReadContext.Detached : context.Enter(path, mapping.Line);
        var fields = new DocumentFields(mapping, path, occurrence, keys, context);
        if (id is null)
        {
            context.Report($"{path}.id", occurrence, mapping.Line, "id is required");
        }

        return (id, fields);
    }

    private static ZoneSpec? ReadZone(DocumentNode node, int index, string plantPath, DocumentReadContext context)
    {
        if (Open<ZoneId>(node, $"{plantPath}.zones", index, ZoneKeys, context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;

        var zone = new ZoneSpec(
            id,
            fields.Text("name") ?? string.Empty,
            fields.Enum<ZoneKind>("kind"),
            fields.Enum<PurdueLevel>("purdueLevel", $"one of {string.Join(", ", InventoryVocabulary.Names<PurdueLevel>().Select(l => $"\"{l}\""))}"),
            fields.Int("securityLevelTarget") ?? 0,
            fields.OptionalText("description"),
            fields.Has("failMode") ? fields.Enum<ZoneFailMode>("failMode") : ZoneFailMode.Closed,
            fields.Int("failStaticMinutes"));
        return fields.Detached ? null : zone;
    }

    private static AssetSpec? ReadAsset(DocumentNode node, int index, string plantPath, DocumentReadContext context)
    {
        if (Open<AssetId>(node, $"{plantPath}.assets", index, AssetKeys, context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;

        var ip = fields.OptionalText("ip");
        var mac = fields.OptionalText("mac");
        var asset = new AssetSpec(
            id,
            fields.Text("name") ?? string.Empty,
            fields.Id<ZoneId>("zone"),
            fields.Enum<AssetType>("type"),
            fields.OptionalText("vendor"),
            fields.OptionalText("model"),
            fields.OptionalText("firmware"),
            fields.OptionalText("serial"),
            NetworkAddress.TryCanonicalIp(ip, out var canonicalIp) ? canonicalIp : ip,
            NetworkAddress.TryCanonicalMac(mac, out var canonicalMac) ? canonicalMac : mac,
            fields.Int("criticality") ?? 0,
            fields.Bool("safetyRelated") ?? false,
            fields.OptionalText("owner"),
            fields.TextList("vulnerabilities").Select(v => v.ToUpperInvariant()).ToList(),
            fields.Has("usedBy") ? fields.Id<IdentityId>("usedBy") : null)
        {
            NeverAuto = fields.Bool("neverAuto") ?? false,
        };
        return fields.Detached ? null : asset;
    }

    private static ConduitSpec? ReadConduit(DocumentNode node, int index, string plantPath, DocumentReadContext context)
    {
        if (Open<ConduitId>(node, $"{plantPath}.conduits", index, ConduitKeys, context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;

        var protocol = fields.Enum<Protocol>("protocol");
        var conduit = new ConduitSpec(
            id,
            fields.Id<ZoneId>("from"),
            fields.Id<ZoneId>("to"),
            protocol,
            fields.Port(protocol),
            fields.TextList("operations"),
            fields.Has("direction") ? fields.Enum<ConduitDirection>("direction") : ConduitDirection.FromTo,
            fields.EnumList<AssetType>("fromAssetTypes"),
            fields.IdList<AssetId>("fromAssets"),
            fields.EnumList<AssetType>("toAssetTypes"),
            fields.IdList<AssetId>("toAssets"),
            fields.OptionalText("description"),
            ReadConduitConditions(fields, context));
        return fields.Detached ? null : conduit;
    }

    private static ConduitConditions? ReadConduitConditions(DocumentFields fields, DocumentReadContext context)
    {
        if (fields.Mapping("conditions") is not { } mapping)
        {
            return null;
        }

        var condition = new DocumentFields(mapping, $"{fields.Path}.conditions", fields.Occurrence, ConduitConditionKeys, context);
        var conditions = new ConduitConditions(
            condition.Bool("maintenanceWindow") ?? false,
            condition.TextList("roles"),
            condition.Bool("activeGrant") ?? false);
        return conditions.IsNone ? null : conditions;
    }

    private static FlowSpec? ReadFlow(DocumentNode node, int index, string plantPath, DocumentReadContext context)
    {
        if (Open<FlowId>(node, $"{plantPath}.flows", index, FlowKeys, context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;

        var protocol = fields.Enum<Protocol>("protocol");
        var flow = new FlowSpec(
            id,
            fields.Id<AssetId>("from"),
            fields.Id<AssetId>("to"),
            protocol,
            fields.Port(protocol),
            fields.Text("purpose") ?? string.Empty,
            fields.TextList("operations"));
        return fields.Detached ? null : flow;
    }

    private static IdentitySpec? ReadIdentity(DocumentNode node, int index, DocumentReadContext context)
    {
        if (Open<IdentityId>(node, "identities", index, IdentityKeys, context) is not { } opened)
        {
            return null;
        }

        var (id, fields) = opened;

        var identity = new IdentitySpec(
            id,
            fields.Text("name") ?? string.Empty,
            fields.Enum<IdentityKind>("kind"),
            fields.OptionalText("email"),
            fields.OptionalText("organization"),
            fields.List("assignments", (n, i) => ReadAssignment(n, i, fields.Path, context)))
        {
            NeverAuto = fields.Bool("neverAuto") ?? false,
        };
        return fields.Detached ? null : identity;
    }

    private static PlantAssignment? ReadAssignment(DocumentNode node, int index, string identityPath, DocumentReadContext context)
    {
        // Assignments are keyed by the plant they are at, as the validator keys them.
        if (Open<PlantId>(node, $"{identityPath}.assignments", index, AssignmentKeys, context, "plant") is not { } opened)
        {
            return null;
        }

        var (plant, fields) = opened;

        var assignment = new PlantAssignment(plant, fields.TextList("roles"), fields.OptionalText("shift"));
        return fields.Detached ? null : assignment;
    }

    /// <summary>
    /// Starts reading a list item that is an entity: finds its key field, registers its path and occurrence, and
    /// returns its fields. Returns null when the item is not even a mapping. When the key is missing or invalid the
    /// fields are still read (to report their own problems) but marked detached: the entity is left out of the model.
    /// </summary>
    private static (TId Id, DocumentFields Fields)? Open<TId>(
        DocumentNode node, string list, int index, string[] keys, DocumentReadContext context, string keyField = "id")
        where TId : struct, IEntityId<TId>
    {
        if (node is not DocumentMapping mapping)
        {
            context.Report(FleetDocumentValidator.Key(list, null, index), DocumentReadContext.Detached, node.Line, "each entry must be a mapping (key: value)");
            return null;
        }

        var keyNode = mapping.Entries.FirstOrDefault(e => e.Key.Value == keyField);
        var raw = keyNode.Value is DocumentScalar { IsNull: false } scalar ? scalar.Value : null;
        if (raw is not null && TId.TryParse(raw, out var id))
        {
            var path = FleetDocumentValidator.Key(list, raw, index);
            return (id, new DocumentFields(mapping, path, context.Enter(path, mapping.Line), keys, context));
        }

        var detachedPath = FleetDocumentValidator.Key(list, raw, index);
        var fields = new DocumentFields(mapping, detachedPath, DocumentReadContext.Detached, keys, context);
        context.Report(
            $"{detachedPath}.{keyField}",
            DocumentReadContext.Detached,
            keyNode.Key?.Line ?? mapping.Line,
            keyNode.Key is null ? $"{keyField} is required" : $"{keyField} {EntityId.Describe(raw)}");
        return (default, fields);
    }
}
