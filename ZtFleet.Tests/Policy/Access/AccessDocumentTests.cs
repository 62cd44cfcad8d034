using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Access;

/// <summary>The fleet document's <c>roles:</c>, <c>policy:</c> and <c>maintenanceWindows:</c> sections.</summary>
public sealed class AccessDocumentTests
{
    public static TheoryData<string, string, string, string, string, string> Cases => new()
    {
        // name, find, replace, path, line marker, description fragment (one edit of FleetSamples.Berlin each)
        { "shift-only role without a shift", "roles: [operator]\n        shift: early\n", "roles: [operator]\n", "identities[jdoe].assignments[berlin].roles[operator]", "[operator]", "role 'operator' applies only on shift; give the assignment at plant berlin a shift" },
        { "undefined role", "roles: [operator]", "roles: [welder]", "identities[jdoe].assignments[berlin].roles[welder]", "[welder]", "role 'welder' is not defined (defined roles: maintenance, operator, service-engineer, supervisor)" },
        { "unknown operation", "operations: [view, operate]\n", "operations: [view, fly]\n", "roles[operator].permissions[#0].operations[fly]", "fly", "view, operate, write, program, configure, remote-session" },
        { "permission without operations", "- operations: [view]\n        zones: [cell-1, sis]", "- zones: [cell-1, sis]", "roles[maintenance].permissions[#0].operations", "- zones: [cell-1, sis]", "operations is required" },
        { "unknown zone kind", "zoneKinds: [ot-supervisory, ot-control]\n", "zoneKinds: [ot-supervisory, cell]\n", "roles[operator].permissions[#0].zoneKinds[cell]", "ot-supervisory, cell", "enterprise-it, dmz" },
        { "unknown asset type", "assetTypes: [plc, hmi]", "assetTypes: [plc, panel]", "roles[maintenance].permissions[#1].assetTypes[panel]", "panel", "plc, safety-controller" },
        { "invalid asset id", "assets: [plc-press-1, sis-1]", "assets: [plc-press-1, SIS 1]", "roles[service-engineer].permissions[#0].assets[SIS 1]", "SIS 1", "not a valid id" },
        { "MFA age out of range", "mfaMaxAgeMinutes: 30", "mfaMaxAgeMinutes: 0", "roles[maintenance].permissions[#1].conditions.mfaMaxAgeMinutes", "mfaMaxAgeMinutes: 0", "1 to 1440" },
        { "minimum trust out of range", "minTrust: 60", "minTrust: 101", "roles[maintenance].permissions[#1].conditions.minTrust", "minTrust: 101", "0 to 100" },
        { "condition not a boolean", "onShift: true\n          mfaMaxAgeMinutes: 60", "onShift: yes\n          mfaMaxAgeMinutes: 60", "roles[supervisor].permissions[#0].conditions.onShift", "onShift: yes", "true or false" },
        { "misspelt condition", "maintenanceWindow: true", "maintenanceWindows: true", "roles[maintenance].permissions[#1].conditions.maintenanceWindows", "maintenanceWindows: true", "did you mean 'maintenanceWindow'?" },
        { "duplicate role id", "  - id: supervisor\n", "  - id: operator # again\n", "roles[operator].id", "# again", "role id 'operator' is used by more than one role" },
        { "invalid role id", "- id: supervisor", "- id: Supervisor", "roles[Supervisor].id", "id: Supervisor", "not a valid id" },
        { "role without id", "  - id: supervisor\n    permissions:", "  - permissions:", "roles[#1].id", "- permissions:\n      - operations: [view, operate, write]", "id is required" },
        { "policy out of range", "shiftGraceMinutes: 10", "shiftGraceMinutes: 500", "policy.shiftGraceMinutes", "shiftGraceMinutes: 500", "0 to 120" },
        { "fewer than two safety approvers", "shiftGraceMinutes: 10", "shiftGraceMinutes: 10\n  safetyApprovers: 1", "policy.safetyApprovers", "safetyApprovers: 1", "never fewer than two" },
        { "misspelt policy key", "decisionTtlSeconds: 120", "decisionTtlSecond: 120", "policy.decisionTtlSecond", "decisionTtlSecond:", "did you mean 'decisionTtlSeconds'?" },
        { "policy not a mapping", "policy:\n  decisionTtlSeconds: 120\n  shiftGraceMinutes: 10\n", "policy: strict\n", "policy", "policy: strict", "must be a mapping" },
        { "window time not HH:mm", "start: \"08:00\"", "start: 8am", "plants[berlin].maintenanceWindows[saturday].start", "start: 8am", "\"HH:mm\"" },
        { "window without days", "        days: [sat]\n", string.Empty, "plants[berlin].maintenanceWindows[saturday].days", "- id: saturday", "days is required: the days the maintenance window starts on" },
        { "duplicate window id", "        days: [sat]\n", "        days: [sat]\n      - id: saturday # again\n        name: Copy\n        start: \"20:00\"\n        end: \"22:00\"\n        days: [sun]\n", "plants[berlin].maintenanceWindows[saturday].id", "# again", "maintenance window id 'saturday' is used more than once" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_problem_is_one_violation_at_its_path_and_line(
        string name, string find, string replace, string path, string marker, string fragment)
    {
        var text = FleetSamples.Replace(find, replace);

        var result = FleetDocumentReader.Read(text);

        var violation = Assert.Single(result.Violations);
        Assert.True(
            violation.Field == $"{path} (line {FleetSamples.LineOf(text, marker)})",
            $"{name}: expected {path} (line {FleetSamples.LineOf(text, marker)}), got {violation.Field}: {violation.Description}");
        Assert.Contains(fragment, violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_policy_and_maintenance_windows_are_read()
    {
        var document = FleetSamples.Document();

        Assert.Equal(["operator", "supervisor", "maintenance", "service-engineer"], document.DefinedRoles.Select(r => r.Id));
        var maintenance = document.DefinedRoles.Single(r => r.Id == "maintenance");
        Assert.Null(maintenance.Description);
        var write = maintenance.Permissions[1];
        Assert.Equal([Operation.Write, Operation.Configure], write.Operations);
        Assert.Equal([ZoneId.Parse("cell-1")], write.Zones);
        Assert.Equal([AssetType.Plc, AssetType.Hmi], write.AssetTypes);
        Assert.Empty(write.ZoneKinds);
        Assert.Equal(new PermissionConditions(OnShift: false, MfaMaxAgeMinutes: 30, MaintenanceWindow: true, MinTrust: 60), write.Conditions);
        Assert.Same(PermissionConditions.None, maintenance.Permissions[0].Conditions);

        Assert.Equal(new FleetPolicy(DecisionTtlSeconds: 120, ShiftGraceMinutes: 10), document.Policy);
        Assert.Equal(60, document.EffectivePolicy.GrantMfaMaxAgeMinutes);

        var window = Assert.Single(document.Plants[0].DefinedMaintenanceWindows);
        Assert.Equal(new MaintenanceWindowSpec("saturday", "Saturday maintenance", new TimeOnly(8, 0), new TimeOnly(16, 0), window.Days), window);
        Assert.Equal([DayOfWeek.Saturday], window.Days);
    }

    [Fact]
    public void Absent_sections_stay_absent()
    {
        var text = FleetSamples.Replace("roles: [operator]", "roles: []");
        text = FleetSamples.Replace("roles: [service-engineer]", "roles: []", text);
        text = FleetSamples.Replace("roles: [maintenance]\n", "roles: []\n", text);
        text = text[..(text.IndexOf("\npolicy:", StringComparison.Ordinal) + 1)];
        text = FleetSamples.Replace(
            "    maintenanceWindows:\n      - id: saturday\n        name: Saturday maintenance\n        start: \"08:00\"\n        end: \"16:00\"\n        days: [sat]\n",
            string.Empty,
            text);

        var document = FleetSamples.Read(text);

        Assert.Null(document.Roles);
        Assert.Null(document.Policy);
        Assert.Null(document.Plants[0].MaintenanceWindows);
        Assert.Empty(document.DefinedRoles);
        Assert.Same(FleetPolicy.Default, document.EffectivePolicy);
        Assert.Empty(document.Plants[0].DefinedMaintenanceWindows);
        Assert.DoesNotContain("roles:\n", FleetDocumentWriter.ToYaml(document), StringComparison.Ordinal);
        Assert.DoesNotContain("policy:", FleetDocumentWriter.ToYaml(document), StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_writes_the_sections_and_reads_back_the_same_roles_policy_and_windows()
    {
        var document = FleetSamples.Document();

        var yaml = FleetDocumentWriter.ToYaml(document);
        var read = FleetSamples.Read(yaml);

        Assert.Contains("policy:\n  decisionTtlSeconds: 120\n  shiftGraceMinutes: 10\n  grantMfaMaxAgeMinutes: 60\n", yaml, StringComparison.Ordinal);
        Assert.Contains("    conditions:\n      mfaMaxAgeMinutes: 30\n      maintenanceWindow: true\n      minTrust: 60\n", yaml, StringComparison.Ordinal);
        Assert.Equal(
            FleetSamples.Fingerprint(document.DefinedRoles.OrderBy(r => r.Id, StringComparer.Ordinal).ToList()),
            FleetSamples.Fingerprint(read.DefinedRoles));
        Assert.Equal(document.Policy, read.Policy);
        Assert.Equal(FleetSamples.Fingerprint(document.Plants[0].DefinedMaintenanceWindows), FleetSamples.Fingerprint(read.Plants[0].DefinedMaintenanceWindows));
        Assert.Empty(FleetDiff.Compute(document, read, prune: true));
    }

    [Fact]
    public void Assignments_may_name_roles_the_fleet_already_defines()
    {
        var text = FleetSamples.Replace("roles: [operator]", "roles: [welder]");
        var document = FleetDocumentReader.Read(text).Document!;

        Assert.Single(FleetDocumentReader.Read(text).Violations);
        Assert.True(FleetDocumentReader.Read(text, null, new HashSet<string> { "welder" }).IsValid);
        Assert.Empty(FleetDocumentValidator.Validate(document, null, new HashSet<string> { "welder" }));
        Assert.Single(FleetDocumentValidator.Validate(document));
    }

    [Fact]
    public void Role_changes_are_diffed_by_content()
    {
        var current = FleetSamples.Document();
        var reordered = FleetSamples.Read(FleetSamples.Replace("assets: [plc-press-1, sis-1]", "assets: [sis-1, plc-press-1]"));
        var changed = FleetSamples.Read(FleetSamples.Replace("minTrust: 60", "minTrust: 70"));
        var described = FleetSamples.Read(FleetSamples.Replace("description: Runs the presses from their HMI while on shift", "description: Runs the presses"));

        Assert.Empty(FleetDiff.Compute(current, reordered, prune: true));
        Assert.Equal(
            [(ChangeKind.Changed, EntityKind.Role, (string?)null, "maintenance", "permissions")],
            FleetDiff.Compute(current, changed, prune: true).Select(c => (c.Change, c.Kind, c.PlantId, c.Id, string.Join(",", c.ChangedFields))));
        Assert.Equal(["description"], Assert.Single(FleetDiff.Compute(current, described, prune: true)).ChangedFields);
    }

    [Fact]
    public void Without_prune_roles_and_policy_the_document_omits_are_kept()
    {
        var current = FleetSamples.Document();
        var extra = new RoleSpec("auditor", "Reads everything", [new PermissionSpec([Operation.View], [], [], [], [], PermissionConditions.None)]);
        var desired = new FleetDocument(current.Name, [], [], [extra]);

        var changes = FleetDiff.Compute(current, desired, prune: false);
        var applied = FleetDiff.ApplyTo(current, desired, prune: false);

        Assert.Equal([(ChangeKind.Added, EntityKind.Role, "auditor")], changes.Select(c => (c.Change, c.Kind, c.Id)));
        Assert.Equal(["auditor", "maintenance", "operator", "service-engineer", "supervisor"], applied.DefinedRoles.Select(r => r.Id));
        Assert.Equal(current.Policy, applied.Policy);
        Assert.Empty(FleetDocumentValidator.Validate(applied));
    }

    [Fact]
    public void With_prune_the_document_is_all_roles_and_no_policy_section_means_the_defaults()
    {
        var current = FleetSamples.Document();
        var desired = current with { Roles = current.DefinedRoles.Where(r => r.Id != "supervisor").ToList(), Policy = null };

        var changes = FleetDiff.Compute(current, desired, prune: true);
        var applied = FleetDiff.ApplyTo(current, desired, prune: true);

        Assert.Equal(
            [(ChangeKind.Removed, EntityKind.Role, "supervisor", ""), (ChangeKind.Changed, EntityKind.Policy, FleetDiff.PolicyId, "decisionTtlSeconds,shiftGraceMinutes")],
            changes.Select(c => (c.Change, c.Kind, c.Id, string.Join(",", c.ChangedFields))));
        Assert.Null(applied.Policy);
        Assert.DoesNotContain(applied.DefinedRoles, r => r.Id == "supervisor");
    }

    [Fact]
    public void Maintenance_window_changes_are_a_plant_field()
    {
        var current = FleetSamples.Document();
        var desired = FleetSamples.Read(FleetSamples.Replace("end: \"16:00\"", "end: \"18:00\""));

        var change = Assert.Single(FleetDiff.Compute(current, desired, prune: true));

        Assert.Equal((ChangeKind.Changed, EntityKind.Plant, "berlin", "maintenanceWindows"), (change.Change, change.Kind, change.Id, string.Join(",", change.ChangedFields)));
    }

    [Fact]
    public void Json_documents_carry_the_sections_too()
    {
        const string json = """
            {
              "apiVersion": "ztfleet/v1",
              "policy": { "decisionTtlSeconds": 60 },
              "roles": [ { "id": "viewer", "permissions": [ { "operations": ["view"], "zoneKinds": ["ot-control"], "conditions": { "onShift": true } } ] } ],
              "plants": [
                {
                  "id": "lyon", "name": "Lyon", "timeZone": "Europe/Paris",
                  "shifts": [ { "id": "day", "start": "06:00", "end": "18:00", "days": ["mon"] } ],
                  "maintenanceWindows": [ { "id": "sunday", "start": "22:00", "end": "04:00", "days": ["sun"] } ]
                }
              ],
              "identities": [ { "id": "eve", "name": "Eve", "kind": "employee", "assignments": [ { "plant": "lyon", "roles": ["viewer"], "shift": "day" } ] } ]
            }
            """;

        var document = FleetSamples.Read(json);

        Assert.Equal(60, document.EffectivePolicy.DecisionTtlSeconds);
        Assert.True(Assert.Single(document.DefinedRoles).Permissions[0].Conditions.OnShift);
        Assert.Equal(new TimeOnly(4, 0), Assert.Single(document.Plants[0].DefinedMaintenanceWindows).End);
    }
}
