using System.Text.Json;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Baselines;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Export;

/// <summary>One record of every kind and variant the builders make, for the format tests.</summary>
internal static class ExportSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 5, 2, 30, 42, 123, TimeSpan.Zero);
    public static readonly PlantId Berlin = PlantId.Parse("berlin");
    public static readonly PlantId Lyon = PlantId.Parse("lyon");
    public static readonly AssetId Plc = AssetId.Parse("plc-1");
    public static readonly AssetId EngWs = AssetId.Parse("eng-ws-1");
    public static readonly ZoneId Cell = ZoneId.Parse("cell-1");
    public static readonly ZoneId Ops = ZoneId.Parse("ops");
    public static readonly IdentityId Vendor = IdentityId.Parse("vendor-anna");

    public static Detection Detection(DetectionStatus status = DetectionStatus.Open, long count = 1, string summary = "eng-ws-1 used fc90 on plc-1, which its baseline has not seen.") =>
        new(
            "berlin-42",
            new Finding(DetectionType.FunctionCodeOutsideBaseline, Severity.High, Berlin, "function-code-outside-baseline:eng-ws-1>plc-1:1:fc90", summary, T0, ["ep-1:7:0", "ep-1:7:1"])
            {
                Asset = Plc,
                Zone = Cell,
                Identity = Vendor,
                Source = new ObservedHost("10.0.1.5", 50211, EngWs, Ops),
                Technique = AttackForIcs.UnauthorizedCommandMessage,
                Learnable = "pair:eng-ws-1>plc-1 fc:90",
            },
            status,
            count,
            T0.AddMinutes(-5),
            T0)
        {
            Revision = 3,
            ClosedBy = status is DetectionStatus.Closed or DetectionStatus.Learned ? "user:olga" : null,
            ClosedAt = status is DetectionStatus.Closed or DetectionStatus.Learned ? T0.AddMinutes(10) : null,
            CloseReason = status is DetectionStatus.Closed or DetectionStatus.Learned ? "false positive" : null,
        };

    public static Incident Incident(IncidentStatus status = IncidentStatus.Open, bool crossPlant = true) =>
        new(
            "inc-7",
            status,
            Severity.Critical,
            "vendor-anna failed MFA at berlin and tried off-shift access at lyon",
            T0.AddMinutes(-20),
            T0,
            [
                new IncidentPart(IncidentPartKind.Lockout, "fleet:12", Berlin, T0.AddMinutes(-20), Severity.Medium, "vendor-anna locked out of TOTP") { Identity = Vendor },
                new IncidentPart(IncidentPartKind.Detection, "lyon-3", crossPlant ? Lyon : Berlin, T0.AddMinutes(-2), Severity.High, "off-shift access by vendor-anna") { Identity = Vendor, Asset = Plc, Zone = Cell },
                new IncidentPart(IncidentPartKind.Note, "note-1", null, T0, Severity.Unspecified, "looking into it") { Actor = "user:olga" },
            ])
        {
            Plants = crossPlant ? [Berlin, Lyon] : [Berlin],
            Assets = [Plc],
            Identities = [Vendor],
            Owner = status == IncidentStatus.Open ? null : "user:olga",
            CloseReason = status == IncidentStatus.Closed ? "contractor confirmed" : null,
            Revision = status == IncidentStatus.Open ? 1 : 4,
        };

    public static AuditRecord Audit(string action, string outcome, object detail, string? plant = "berlin", string actor = "user:olga", string target = "vendor-anna", long sequence = 17) =>
        AuditChain.Append(sequence, new AuditEntry(plant, T0, actor, action, target, outcome, JsonSerializer.Serialize(detail)), AuditChain.Genesis);

    public static ExportRecord AccessDecision(bool allowed = false, bool emergency = false) =>
        ExportRecords.From(
            Berlin,
            new AccessRequest(Vendor, Plc, null, Operation.Write, emergency),
            new Decision
            {
                Effect = allowed ? DecisionEffect.Allow : DecisionEffect.Deny,
                Reason = allowed ? DecisionReasons.Grant : DecisionReasons.OutsideShift,
                RuleId = allowed ? "grant:req-9" : "role:maintenance#2",
                Obligations = allowed ? Obligations.RecordSession | Obligations.MaxSession : Obligations.None,
                Epoch = 88,
            },
            T0,
            "ep-cell-1",
            Cell,
            PurdueLevel.Level1);

    public static ExportRecord FlowDecision(bool allowed) =>
        ExportRecords.From(
            Berlin,
            new FlowRequest(FlowEndpoint.OfAsset(EngWs), FlowEndpoint.OfAddress("10.0.2.10"), Protocol.ModbusTcp, 502, "fc6"),
            new FlowDecision
            {
                Effect = allowed ? DecisionEffect.Allow : DecisionEffect.Deny,
                Reason = allowed ? FlowReasons.Conduit : FlowReasons.NoConduitBetweenZones,
                RuleId = allowed ? "conduit:ops-to-cell" : null,
                SourceAsset = EngWs,
                SourceZone = Ops,
                DestinationAsset = Plc,
                DestinationZone = Cell,
            },
            T0,
            "ep-cell-1",
            "tcp");

    public static FlowEvent Flow(FlowAction action, bool ended = false) => new()
    {
        Id = "ep-1:9:3",
        Plant = Berlin,
        At = T0,
        Sender = "ep-cell-1",
        Source = new ObservedHost("10.0.9.9", 40000, null, null),
        Destination = new ObservedHost("10.0.2.10", 502, Plc, Cell),
        Transport = "tcp",
        Protocol = "modbus-tcp",
        Bytes = ended ? 1200 : null,
        Packets = ended ? 14 : null,
        End = ended ? T0.AddSeconds(3) : null,
        Action = action,
        Rule = action == FlowAction.Dropped ? "default-deny" : "conduit:ops-to-cell",
    };

    public static AuthenticationEvent Authentication(bool success, string? reason = null) => new()
    {
        Id = "jump-1:4:0",
        Plant = Berlin,
        At = T0,
        Sender = "jump-1",
        Identity = Vendor,
        User = "vendor-anna",
        Method = "password",
        Success = success,
        Source = new ObservedHost("192.0.2.7", 51515, null, null),
        Target = new ObservedHost("10.0.1.2", 22, EngWs, Ops),
        Reason = reason,
    };

    /// <summary>Every variant, named, for table tests.</summary>
    public static IReadOnlyList<(string Name, ExportRecord Record)> All() =>
    [
        ("detection-open", ExportRecords.From(Detection())),
        ("detection-updated", ExportRecords.From(Detection(DetectionStatus.Acknowledged, 5) with { AcknowledgedBy = "user:olga", AcknowledgedAt = T0 })),
        ("detection-closed", ExportRecords.From(Detection(DetectionStatus.Closed, 5))),
        ("detection-learned", ExportRecords.From(Detection(DetectionStatus.Learned, 2))),
        ("incident-open", ExportRecords.From(Incident())),
        ("incident-investigating", ExportRecords.From(Incident(IncidentStatus.Investigating, crossPlant: false))),
        ("incident-closed", ExportRecords.From(Incident(IncidentStatus.Closed))),
        ("incident-notes-only", ExportRecords.From(Incident() with { Parts = [new IncidentPart(IncidentPartKind.Note, "n", null, T0, Severity.Unspecified, "note")] })),
        ("decision-deny", AccessDecision()),
        ("decision-allow", AccessDecision(allowed: true)),
        ("decision-break-glass", AccessDecision(allowed: true, emergency: true)),
        ("decision-telemetry", ExportRecords.From(new AccessDecisionEvent
        {
            Id = "ep-1:5:2", Plant = Berlin, At = T0, Sender = "ep-cell-1", Identity = Vendor, Zone = Cell,
            Operation = Operation.View, Allowed = true, Reason = "role-permission", Source = new ObservedHost("10.0.1.5", null, EngWs, Ops),
        })),
        ("flow-decision-allow", FlowDecision(true)),
        ("flow-decision-deny", FlowDecision(false)),
        ("flow-dropped", ExportRecords.From(Flow(FlowAction.Dropped))),
        ("flow-allowed-ended", ExportRecords.From(Flow(FlowAction.Allowed, ended: true))),
        ("flow-observed", ExportRecords.From(Flow(FlowAction.Observed))),
        ("authentication-telemetry-success", ExportRecords.From(Authentication(true))),
        ("authentication-telemetry-failure", ExportRecords.From(Authentication(false, "bad password"))),
        ("authentication-mfa-assert", ExportRecords.From(Audit("mfa.assert", "recorded", new { method = "oidc", authTime = T0 }, plant: null))),
        ("authentication-mfa-refused", ExportRecords.From(Audit(AuditExportMapping.AssertMfaMethod, "InvalidArgument", new { message = "totp_code was not accepted: reused", violations = Array.Empty<object>() }, plant: null, actor: "vendor-anna (contractor)", target: "fleet"))),
        ("authentication-lockout", ExportRecords.From(Audit("mfa.lockout", "locked-out", new { factor = "totp", failure = "wrong code", failures = 5, lockout = 1, until = T0.AddMinutes(15), plants = new[] { "berlin" } }, plant: null))),
        ("um-lock", ExportRecords.From(Audit("identity.lock", "locked", new { reason = "incident inc-7" }, plant: null))),
        ("um-unlock", ExportRecords.From(Audit("identity.unlock", "unlocked", new { }, plant: null))),
        ("um-lockout-cleared", ExportRecords.From(Audit("mfa.lockout-cleared", "cleared", new { reason = "called the helpdesk" }, plant: null))),
        ("um-totp-enroll", ExportRecords.From(Audit("mfa.totp-enroll", "enrolled", new { }, plant: null))),
        ("um-grant-approved", ExportRecords.From(Audit("access.approve", "active", new { identity = "vendor-anna", operations = new[] { "Write", "View" }, assets = new[] { "plc-1" } }, target: "req-9"))),
        ("um-grant-revoked", ExportRecords.From(Audit("access.revoke", "revoked", new { identity = "vendor-anna", operations = new[] { "Write" } }, target: "req-9"))),
        ("um-grant-expired", ExportRecords.From(Audit("access.expire", "expired", new { identity = "vendor-anna" }, actor: "ztfleet", target: "req-9"))),
        ("rem-quarantine-requested", ExportRecords.From(Audit("quarantine.request", "requested", new { asset = "plc-1", mode = "isolate", safetyRelated = true }, target: "q-1"))),
        ("rem-quarantine-in-force", ExportRecords.From(Audit("quarantine.approve", "in-force", new { asset = "plc-1", mode = "restrict-writes" }, target: "q-1"))),
        ("rem-quarantine-isolated", ExportRecords.From(Audit("quarantine.request", "in-force", new { asset = "plc-1", mode = "isolate" }, target: "q-2"))),
        ("rem-quarantine-rejected", ExportRecords.From(Audit("quarantine.reject", "rejected", new { asset = "plc-1", mode = "isolate" }, target: "q-1"))),
        ("rem-lift-requested", ExportRecords.From(Audit("quarantine.lift-request", "lift-requested", new { asset = "plc-1", mode = "isolate" }, target: "q-1"))),
        ("rem-lifted", ExportRecords.From(Audit("quarantine.lift-approve", "lifted", new { asset = "plc-1", mode = "isolate" }, target: "q-1"))),
        ("rem-lift-rejected", ExportRecords.From(Audit("quarantine.reject-lift", "in-force", new { asset = "plc-1", mode = "isolate" }, target: "q-1"))),
        ("rem-dropped", ExportRecords.From(Audit("quarantine.drop", "dropped", new { asset = "plc-1" }, actor: "ztfleet", target: "q-1"))),
        ("rem-response-lock", ExportRecords.From(Audit("response.step-applied", "applied", new { step = "lock", identity = "vendor-anna", playbook = "pb-1", incident = "inc-7" }, actor: "playbook:pb-1", target: "inc-7/1"))),
        ("rem-response-restrict-reverted", ExportRecords.From(Audit("response.step-reverted", "reverted", new { step = "restrict-writes", asset = "plc-1" }, actor: "playbook:pb-1", target: "inc-7/2"))),
        ("rem-response-step-up-proposed", ExportRecords.From(Audit("response.step-proposed", "proposed", new { step = "step-up-mfa", identity = "vendor-anna" }, actor: "playbook:pb-1", target: "inc-7/3"))),
        ("rem-response-alert", ExportRecords.From(Audit("response.step-applied", "applied", new { step = "alert" }, actor: "playbook:pb-1", target: "inc-7/4"))),
        ("audit-apply", ExportRecords.From(Audit("fleet.apply", "applied", new { generation = 3, added = 1 }, plant: null, target: "fleet"))),
        ("audit-refused", ExportRecords.From(Audit("/ztfleet.v1.FleetService/ApplyFleet", "PermissionDenied", new { message = "no", violations = Array.Empty<object>() }, plant: null, target: "fleet"))),
        ("audit-break-glass", ExportRecords.From(Audit("decision.break-glass", "allowed", new { identity = "vendor-anna", asset = "plc-1" }, target: "vendor-anna->plc-1"))),
        ("audit-access-request", ExportRecords.From(Audit("access.request", "requested", new { identity = "vendor-anna" }, target: "req-9"))),
        ("audit-detection-close", ExportRecords.From(Audit("detection.close", "closed", new { reason = "ok" }, target: "berlin-42"))),
    ];
}
