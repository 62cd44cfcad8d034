using ZtFleet.Policy.Access;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Export;

/// <summary>What the builders make of each model: kind, plant, time, severity and body.</summary>
public sealed class ExportRecordsTests
{
    [Theory]
    [InlineData("detection-open", ExportKind.Detection, "berlin", Severity.High)]
    [InlineData("incident-open", ExportKind.Incident, null, Severity.Critical)]
    [InlineData("incident-investigating", ExportKind.Incident, "berlin", Severity.Critical)]
    [InlineData("decision-deny", ExportKind.Decision, "berlin", Severity.Low)]
    [InlineData("decision-allow", ExportKind.Decision, "berlin", Severity.Unspecified)]
    [InlineData("decision-break-glass", ExportKind.Decision, "berlin", Severity.High)]
    [InlineData("decision-telemetry", ExportKind.Decision, "berlin", Severity.Unspecified)]
    [InlineData("flow-decision-deny", ExportKind.Flow, "berlin", Severity.Low)]
    [InlineData("flow-dropped", ExportKind.Flow, "berlin", Severity.Low)]
    [InlineData("flow-observed", ExportKind.Flow, "berlin", Severity.Unspecified)]
    [InlineData("authentication-telemetry-success", ExportKind.Authentication, "berlin", Severity.Unspecified)]
    [InlineData("authentication-telemetry-failure", ExportKind.Authentication, "berlin", Severity.Low)]
    [InlineData("authentication-mfa-assert", ExportKind.Authentication, null, Severity.Unspecified)]
    [InlineData("authentication-mfa-refused", ExportKind.Authentication, null, Severity.Low)]
    [InlineData("authentication-lockout", ExportKind.Authentication, null, Severity.Medium)]
    [InlineData("um-lock", ExportKind.UserManagement, null, Severity.Medium)]
    [InlineData("um-unlock", ExportKind.UserManagement, null, Severity.Low)]
    [InlineData("um-lockout-cleared", ExportKind.UserManagement, null, Severity.Low)]
    [InlineData("um-totp-enroll", ExportKind.UserManagement, null, Severity.Unspecified)]
    [InlineData("um-grant-approved", ExportKind.UserManagement, "berlin", Severity.Low)]
    [InlineData("um-grant-revoked", ExportKind.UserManagement, "berlin", Severity.Low)]
    [InlineData("um-grant-expired", ExportKind.UserManagement, "berlin", Severity.Unspecified)]
    [InlineData("rem-quarantine-requested", ExportKind.Remediation, "berlin", Severity.Medium)]
    [InlineData("rem-quarantine-in-force", ExportKind.Remediation, "berlin", Severity.Medium)]
    [InlineData("rem-quarantine-isolated", ExportKind.Remediation, "berlin", Severity.High)]
    [InlineData("rem-quarantine-rejected", ExportKind.Remediation, "berlin", Severity.Low)]
    [InlineData("rem-lifted", ExportKind.Remediation, "berlin", Severity.Low)]
    [InlineData("rem-response-lock", ExportKind.Remediation, "berlin", Severity.Medium)]
    [InlineData("audit-apply", ExportKind.Audit, null, Severity.Unspecified)]
    [InlineData("audit-refused", ExportKind.Audit, null, Severity.Low)]
    [InlineData("audit-break-glass", ExportKind.Audit, "berlin", Severity.High)]
    [InlineData("audit-access-request", ExportKind.Audit, "berlin", Severity.Unspecified)]
    public void Each_builder_sets_kind_plant_and_severity(string variant, ExportKind kind, string? plant, Severity severity)
    {
        var record = ExportSamples.All().Single(s => s.Name == variant).Record;

        Assert.Equal((kind, plant, severity, 0L), (record.Kind, record.Plant, record.Severity, record.Position));
    }

    [Theory]
    [InlineData("mfa.assert", "recorded", ExportKind.Authentication, ExportActivity.Other)]
    [InlineData("mfa.lockout", "locked-out", ExportKind.Authentication, ExportActivity.Other)]
    [InlineData("/ztfleet.v1.AccessService/AssertMfa", "InvalidArgument", ExportKind.Authentication, ExportActivity.Other)]
    [InlineData("identity.lock", "locked", ExportKind.UserManagement, ExportActivity.IdentityLocked)]
    [InlineData("identity.unlock", "unlocked", ExportKind.UserManagement, ExportActivity.IdentityUnlocked)]
    [InlineData("mfa.lockout-cleared", "cleared", ExportKind.UserManagement, ExportActivity.LockoutCleared)]
    [InlineData("mfa.lockout-cleared", "no-lockout", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("mfa.totp-enroll", "enrolled", ExportKind.UserManagement, ExportActivity.MfaEnrolled)]
    [InlineData("access.request", "requested", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("access.approve", "requested", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("access.approve", "active", ExportKind.UserManagement, ExportActivity.GrantApproved)]
    [InlineData("access.reject", "rejected", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("access.revoke", "revoked", ExportKind.UserManagement, ExportActivity.GrantRevoked)]
    [InlineData("access.revoke", "expired", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("access.expire", "expired", ExportKind.UserManagement, ExportActivity.GrantExpired)]
    [InlineData("quarantine.request", "requested", ExportKind.Remediation, ExportActivity.RemediationRequested)]
    [InlineData("quarantine.request", "in-force", ExportKind.Remediation, ExportActivity.RemediationApplied)]
    [InlineData("quarantine.approve", "requested", ExportKind.Remediation, ExportActivity.RemediationRequested)]
    [InlineData("quarantine.approve", "in-force", ExportKind.Remediation, ExportActivity.RemediationApplied)]
    [InlineData("quarantine.reject", "rejected", ExportKind.Remediation, ExportActivity.RemediationRefused)]
    [InlineData("quarantine.lift-request", "lift-requested", ExportKind.Remediation, ExportActivity.RestoreRequested)]
    [InlineData("quarantine.lift-request", "lifted", ExportKind.Remediation, ExportActivity.Restored)]
    [InlineData("quarantine.lift-approve", "lifted", ExportKind.Remediation, ExportActivity.Restored)]
    [InlineData("quarantine.reject-lift", "in-force", ExportKind.Remediation, ExportActivity.RestoreRefused)]
    [InlineData("quarantine.drop", "dropped", ExportKind.Remediation, ExportActivity.Restored)]
    [InlineData("response.step-applied", "applied", ExportKind.Remediation, ExportActivity.RemediationApplied)]
    [InlineData("response.step-proposed", "proposed", ExportKind.Remediation, ExportActivity.RemediationRequested)]
    [InlineData("response.step-reverted", "reverted", ExportKind.Remediation, ExportActivity.Restored)]
    [InlineData("response.step-failed", "failed", ExportKind.Remediation, ExportActivity.RemediationRefused)]
    [InlineData("fleet.apply", "applied", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("assets.import", "applied", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("decision.break-glass", "allowed", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("detection.acknowledge", "acknowledged", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("enforcement.enrolled", "enrolled", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("credential.token.revoked", "revoked", ExportKind.Audit, ExportActivity.Other)]
    [InlineData("/ztfleet.v1.FleetService/ApplyFleet", "PermissionDenied", ExportKind.Audit, ExportActivity.Other)]
    public void Audit_actions_map_to_kinds(string action, string outcome, ExportKind kind, ExportActivity activity)
    {
        var entry = new AuditEntry("berlin", ExportSamples.T0, "user:olga", action, "x", outcome, "{}");

        Assert.Equal((kind, activity), (AuditExportMapping.KindOf(entry), AuditExportMapping.ActivityOf(entry)));
    }

    [Fact]
    public void An_audit_body_names_the_asset_the_step_and_the_chain_hash()
    {
        var audit = ExportSamples.Audit("quarantine.approve", "in-force", new { asset = "plc-1", mode = "restrict-writes" }, target: "q-1");

        var body = ExportJson.Read<AuditBody>(ExportRecords.From(audit));

        Assert.Equal(("plc-1", "restrict-writes", ExportActivity.RemediationApplied, false), (body.Asset?.Value, body.Step, body.Activity, body.Failed));
        Assert.Equal(Convert.ToHexStringLower(audit.Hash), body.Hash);
        Assert.Equal(17, body.Sequence);
    }

    [Fact]
    public void A_detail_that_is_not_JSON_is_kept_as_text()
    {
        var audit = AuditChain.Append(1, new AuditEntry(null, ExportSamples.T0, "ztfleet", "fleet.apply", "fleet", "applied", "not json"), AuditChain.Genesis);

        var body = ExportJson.Read<AuditBody>(ExportRecords.From(audit));

        Assert.Equal("{\"text\":\"not json\"}", body.Detail);
    }

    [Fact]
    public void A_lockout_from_the_audit_chain_carries_until_and_failures()
    {
        var record = ExportSamples.All().Single(s => s.Name == "authentication-lockout").Record;

        var body = ExportJson.Read<AuthenticationBody>(record);

        Assert.Equal(("vendor-anna", "totp", false, true, 5, ExportSamples.T0.AddMinutes(15)),
            (body.Identity?.Value, body.Method, body.Success, body.Lockout, body.Failures, body.LockedUntil));
    }

    [Fact]
    public void A_refused_code_names_the_caller_as_the_user()
    {
        var body = ExportJson.Read<AuthenticationBody>(ExportSamples.All().Single(s => s.Name == "authentication-mfa-refused").Record);

        Assert.Equal(("vendor-anna", "vendor-anna", false, "totp"), (body.User, body.Identity?.Value, body.Success, body.Method));
        Assert.Equal("totp_code was not accepted: reused", body.Reason);
    }

    [Fact]
    public void A_detection_record_is_stamped_with_its_latest_change()
    {
        var closed = ExportSamples.Detection(DetectionStatus.Closed, 3);

        var record = ExportRecords.From(closed);

        Assert.Equal(closed.ClosedAt, record.At);
        Assert.Equal(closed, ExportJson.Read<Detection>(record) with { Finding = closed.Finding });
    }

    [Fact]
    public void A_flow_decision_keeps_the_addresses_assets_and_Modbus_function_code()
    {
        var body = ExportJson.Read<FlowBody>(ExportSamples.FlowDecision(false));

        Assert.Equal(("eng-ws-1", "ops", null), (body.Source.Asset?.Value, body.Source.Zone?.Value, body.Source.Ip));
        Assert.Equal(("10.0.2.10", 502, "plc-1", "cell-1"), (body.Destination.Ip, body.Destination.Port, body.Destination.Asset?.Value, body.Destination.Zone?.Value));
        Assert.Equal((FlowAction.Dropped, 6, "no-conduit-between-zones", true), (body.Action, body.FunctionCode, body.Reason, body.Decided));
    }

    [Theory]
    [InlineData(Protocol.EtherNetIp, "ethernet-ip")]
    [InlineData(Protocol.Iec104, "iec-104")]
    [InlineData(Protocol.ModbusTcp, "modbus-tcp")]
    [InlineData(Protocol.Unspecified, null)]
    public void Flow_decisions_spell_protocols_as_the_fleet_document(Protocol protocol, string? spelt)
    {
        var request = new FlowRequest(FlowEndpoint.OfAsset(ExportSamples.EngWs), FlowEndpoint.OfAsset(ExportSamples.Plc), protocol, 44818);

        var body = ExportJson.Read<FlowBody>(ExportRecords.From(ExportSamples.Berlin, request, new FlowDecision { Effect = DecisionEffect.Deny, Reason = "x" }, ExportSamples.T0));

        Assert.Equal(spelt, body.Protocol);
    }

    [Fact]
    public void Grant_operations_are_spelt_as_the_fleet_document()
    {
        var record = ExportRecords.From(ExportSamples.Audit("access.approve", "active", new { identity = "vendor-anna", operations = new[] { "RemoteSession" } }, target: "req-9"));

        var ocsf = OcsfSchema.Parse(new OcsfFormat(ExportFormatOptions.Default).Format(record));

        Assert.Equal(["remote-session"], ocsf["privileges"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("(remote-session)", ExportSentence.Of(record), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("modbus-tcp", "fc6", 6)]
    [InlineData("modbus-tcp", "fc127", 127)]
    [InlineData("modbus-tcp", "fc", null)]
    [InlineData("modbus-tcp", "fc128", null)]
    [InlineData("modbus-tcp", "fc+1", null)]
    [InlineData("s7comm", "fc6", null)]
    [InlineData("modbus-tcp", null, null)]
    public void Modbus_function_codes_come_from_fcN_operations(string? protocol, string? operation, int? code) =>
        Assert.Equal(code, ExportRecords.ModbusFunctionCode(protocol, operation));

    [Fact]
    public void Telemetry_taps_get_flows_authentications_and_decisions_only()
    {
        Assert.Equal(ExportKind.Flow, ExportRecords.FromTelemetry(ExportSamples.Flow(FlowAction.Dropped))?.Kind);
        Assert.Equal(ExportKind.Authentication, ExportRecords.FromTelemetry(ExportSamples.Authentication(false))?.Kind);
        Assert.Null(ExportRecords.FromTelemetry(new OtTransactionEvent
        {
            Id = "ep-1:1:0",
            Plant = ExportSamples.Berlin,
            At = ExportSamples.T0,
            Sender = "ep-1",
            Source = new ObservedHost("10.0.1.5", 50000, null, null),
            Destination = new ObservedHost("10.0.2.10", 502, null, null),
            Protocol = "modbus-tcp",
            Operation = "fc6",
            Outcome = OtOutcome.Forwarded,
        }));
    }

    [Fact]
    public void Formats_are_selected_by_name()
    {
        Assert.Equal(["rfc5424", "cef", "ocsf", "json"], ExportFormats.Names);
        Assert.All(ExportFormats.Names, name => Assert.Equal(name, ExportFormats.Create(name).Name));
        Assert.IsType<CefFormat>(ExportFormats.Create("CEF"));
        Assert.False(ExportFormats.TryCreate("leef", null, out _));
        Assert.Throws<ArgumentException>(() => ExportFormats.Create("leef"));
    }

    [Fact]
    public void Every_format_writes_every_variant()
    {
        foreach (var name in ExportFormats.Names)
        {
            var format = ExportFormats.Create(name);
            foreach (var (variant, record) in ExportSamples.All())
            {
                Assert.False(string.IsNullOrWhiteSpace(format.Format(record)), $"{name} {variant}");
            }
        }
    }
}
