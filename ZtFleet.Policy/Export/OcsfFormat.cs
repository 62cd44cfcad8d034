using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Policy.Export;

/// <summary>
/// OCSF 1.3.0 JSON, one event object per record: Detection Finding 2004, Incident Finding 2005, Authentication 3002,
/// Authorize Session 3003, Account Change 3001, User Access Management 3005, Network Activity 4001 (with the
/// <c>security_control</c> profile's <c>action_id</c> and <c>disposition_id</c>), Remediation Activity 7001, Network
/// Remediation Activity 7004 and API Activity 6003. What OCSF has no attribute for (plant, zone, Purdue level, Modbus
/// function code, rule, audit chain position) is under <c>unmapped</c>. See <c>docs/export-formats.md</c>.
/// </summary>
public sealed class OcsfFormat(ExportFormatOptions options) : IExportFormat
{
    /// <summary>The OCSF schema version the events follow.</summary>
    public const string SchemaVersion = "1.3.0";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Events go to SIEMs and files, never into HTML: non-ASCII text stays readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ExportFormatOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public string Name => ExportFormats.Ocsf;

    /// <inheritdoc />
    public string MediaType => "application/json";

    /// <summary>OCSF <c>severity_id</c>: informational 1, low 2, medium 3, high 4, critical 5.</summary>
    public static int SeverityId(Severity severity) => severity switch
    {
        Severity.Low => 2,
        Severity.Medium => 3,
        Severity.High => 4,
        Severity.Critical => 5,
        _ => 1,
    };

    /// <inheritdoc />
    public string Format(ExportRecord record) => Format(ExportFacts.Of(record));

    internal string Format(ExportFacts facts)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, facts);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the event object of <paramref name="facts"/>.</summary>
    internal void Write(Utf8JsonWriter w, ExportFacts facts)
    {
        w.WriteStartObject();
        switch (facts.Body)
        {
            case Detection detection:
                WriteDetection(w, facts, detection);
                break;
            case Incident incident:
                WriteIncident(w, facts, incident);
                break;
            case AccessDecisionBody decision:
                WriteDecision(w, facts, decision);
                break;
            case FlowBody flow:
                WriteFlow(w, facts, flow);
                break;
            case AuthenticationBody authentication:
                WriteAuthentication(w, facts, authentication);
                break;
            case AuditBody audit when facts.Record.Kind == ExportKind.UserManagement:
                WriteUserManagement(w, facts, audit);
                break;
            case AuditBody audit when facts.Record.Kind == ExportKind.Remediation:
                WriteRemediation(w, facts, audit);
                break;
            case AuditBody audit:
                WriteApiActivity(w, facts, audit);
                break;
        }

        w.WriteEndObject();
    }

    private void WriteDetection(Utf8JsonWriter w, ExportFacts facts, Detection detection)
    {
        var finding = detection.Finding;
        var activity = detection.Status is DetectionStatus.Closed or DetectionStatus.Learned ? (3, "Close")
            : detection.Count == 1 && detection.AcknowledgedAt is null ? (1, "Create")
            : (2, "Update");
        Header(w, facts, (2004, "Detection Finding"), (2, "Findings"), activity);
        var status = detection.Status switch
        {
            DetectionStatus.Open => (1, "New"),
            DetectionStatus.Acknowledged => (2, "In Progress"),
            DetectionStatus.Learned => (3, "Suppressed"),
            DetectionStatus.Closed => (4, "Resolved"),
            _ => (0, "Unknown"),
        };
        Status(w, status);
        if (detection.CloseReason is { } reason)
        {
            w.WriteString("status_detail", reason);
        }

        w.WriteNumber("count", detection.Count);
        w.WriteNumber("start_time", Millis(detection.FirstSeen));
        w.WriteNumber("end_time", Millis(detection.LastSeen));
        var type = Spelled.Of(finding.Type);
        w.WriteStartObject("finding_info");
        w.WriteString("uid", detection.Id);
        w.WriteString("title", finding.Summary);
        w.WriteString("desc", finding.Summary);
        w.WriteStartArray("types");
        w.WriteStringValue(type);
        w.WriteEndArray();
        w.WriteNumber("created_time", Millis(detection.FirstSeen));
        w.WriteNumber("first_seen_time", Millis(detection.FirstSeen));
        w.WriteNumber("last_seen_time", Millis(detection.LastSeen));
        w.WriteNumber("modified_time", Millis(facts.Record.At));
        w.WriteStartObject("analytic");
        var behavioral = finding.Type is DetectionType.FunctionCodeOutsideBaseline or DetectionType.AddressRangeOutsideBaseline
            or DetectionType.NewTalker or DetectionType.LinkSilent or DetectionType.PollingPeriodChanged;
        w.WriteNumber("type_id", behavioral ? 2 : 1);
        w.WriteString("type", behavioral ? "Behavioral" : "Rule");
        w.WriteString("uid", type);
        w.WriteString("name", type);
        w.WriteEndObject();
        if (finding.Technique is { } technique)
        {
            w.WriteStartArray("attacks");
            w.WriteStartObject();
            w.WriteStartObject("technique");
            w.WriteString("uid", technique.Id);
            w.WriteString("name", technique.Name);
            w.WriteString("src_url", technique.Url);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        if (finding.Evidence.Count > 0)
        {
            w.WriteStartArray("related_events");
            foreach (var id in finding.Evidence)
            {
                w.WriteStartObject();
                w.WriteString("uid", id);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        if (finding.Asset is { } asset)
        {
            w.WriteStartArray("resources");
            w.WriteStartObject();
            w.WriteString("uid", asset.Value);
            w.WriteString("name", asset.Value);
            w.WriteString("type", "asset");
            if (finding.Zone is { } zone)
            {
                w.WriteStartArray("labels");
                w.WriteStringValue($"zone:{zone}");
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndArray();
        }

        if (finding.Source is { } source)
        {
            w.WriteStartArray("evidences");
            w.WriteStartObject();
            Endpoint(w, "src_endpoint", ExportEndpoint.Of(source));
            if (finding.Asset is { } target)
            {
                Endpoint(w, "dst_endpoint", new ExportEndpoint(null, null, target, finding.Zone));
            }

            w.WriteEndObject();
            w.WriteEndArray();
        }

        Unmapped(w, facts, u =>
        {
            u.WriteString("detection_type", type);
            u.WriteString("detection_key", finding.Key);
            Optional(u, "learnable", finding.Learnable);
            Optional(u, "acknowledged_by", detection.AcknowledgedBy);
            Optional(u, "closed_by", detection.ClosedBy);
            u.WriteNumber("revision", detection.Revision);
        });
    }

    private void WriteIncident(Utf8JsonWriter w, ExportFacts facts, Incident incident)
    {
        var activity = incident.Status == IncidentStatus.Closed ? (3, "Close")
            : incident.Revision <= 1 ? (1, "Create")
            : (2, "Update");
        Header(w, facts, (2005, "Incident Finding"), (2, "Findings"), activity);
        Status(w, incident.Status switch
        {
            IncidentStatus.Open => (1, "New"),
            IncidentStatus.Investigating => (2, "In Progress"),
            IncidentStatus.Closed => (5, "Closed"),
            _ => (0, "Unknown"),
        });
        if (incident.CloseReason is { } reason)
        {
            w.WriteString("status_detail", reason);
        }

        w.WriteString("desc", incident.Title);
        w.WriteNumber("start_time", Millis(incident.Opened));
        w.WriteNumber("end_time", Millis(incident.Updated));
        if (incident.Owner is { } owner)
        {
            w.WriteStartObject("assignee");
            w.WriteString("name", owner);
            w.WriteString("uid", owner);
            w.WriteEndObject();
        }

        var findings = incident.Parts.Where(p => p.Kind != IncidentPartKind.Note).ToList();
        w.WriteStartArray("finding_info_list");
        if (findings.Count == 0)
        {
            w.WriteStartObject();
            w.WriteString("uid", incident.Id);
            w.WriteString("title", incident.Title);
            w.WriteNumber("created_time", Millis(incident.Opened));
            w.WriteEndObject();
        }

        foreach (var part in findings.TakeLast(MaxParts))
        {
            w.WriteStartObject();
            w.WriteString("uid", part.Reference);
            w.WriteString("title", part.Summary);
            w.WriteStartArray("types");
            w.WriteStringValue(Spelled.Of(part.Kind));
            w.WriteEndArray();
            w.WriteNumber("created_time", Millis(part.At));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Unmapped(w, facts, u =>
        {
            Strings(u, "plants", incident.Plants.Select(p => p.Value));
            Strings(u, "assets", incident.Assets.Select(a => a.Value));
            Strings(u, "identities", incident.Identities.Select(i => i.Value));
            u.WriteBoolean("cross_plant", incident.CrossPlant);
            u.WriteNumber("revision", incident.Revision);
            u.WriteNumber("parts_total", incident.Parts.Count);
            u.WriteStartArray("parts");
            foreach (var part in incident.Parts.TakeLast(MaxParts))
            {
                u.WriteStartObject();
                u.WriteString("kind", Spelled.Of(part.Kind));
                u.WriteString("reference", part.Reference);
                Optional(u, "plant", part.Plant?.Value);
                u.WriteNumber("time", Millis(part.At));
                u.WriteString("severity", ExportFacts.SeverityName(part.Severity));
                u.WriteString("summary", part.Summary);
                Optional(u, "asset", part.Asset?.Value);
                Optional(u, "zone", part.Zone?.Value);
                Optional(u, "identity", part.Identity?.Value);
                Optional(u, "actor", part.Actor);
                u.WriteEndObject();
            }

            u.WriteEndArray();
        });
    }

    private void WriteDecision(Utf8JsonWriter w, ExportFacts facts, AccessDecisionBody decision)
    {
        Header(w, facts, (3003, "Authorize Session"), (3, "Identity & Access Management"), (1, "Assign Privileges"));
        Status(w, decision.IsAllowed ? (1, "Success") : (2, "Failure"));
        w.WriteString("status_detail", decision.Reason);
        User(w, "user", decision.Identity.Value, decision.Identity.Value);
        w.WriteStartArray("privileges");
        w.WriteStringValue(ExportFacts.OperationName(decision.Operation));
        w.WriteEndArray();
        if (decision.Source is { } source)
        {
            Endpoint(w, "src_endpoint", source);
        }

        if (decision.Asset is { } asset)
        {
            Endpoint(w, "dst_endpoint", new ExportEndpoint(null, null, asset, decision.Zone));
        }

        Unmapped(w, facts, u =>
        {
            u.WriteString("operation", ExportFacts.OperationName(decision.Operation));
            u.WriteString("effect", decision.IsAllowed ? "allow" : "deny");
            u.WriteString("reason", decision.Reason);
            Optional(u, "rule", decision.Rule);
            if (decision.Emergency)
            {
                u.WriteBoolean("emergency", true);
            }

            if (decision.Obligations != Obligations.None)
            {
                Strings(u, "obligations", Enum.GetValues<Obligations>()
                    .Where(o => o != Obligations.None && decision.Obligations.HasFlag(o))
                    .Select(o => Spelled.Of(o)));
            }

            if (decision.Epoch > 0)
            {
                u.WriteNumber("epoch", decision.Epoch);
            }

            Optional(u, "enforcement_point", decision.EnforcementPoint);
            Optional(u, "purdue_level", PurdueLevelName(decision.Level));
            Optional(u, "event_id", decision.EventId);
        });
    }

    private void WriteFlow(Utf8JsonWriter w, ExportFacts facts, FlowBody flow)
    {
        var activity = flow.Action switch
        {
            FlowAction.Dropped => (5, "Refuse"),
            FlowAction.Observed => (6, "Traffic"),
            _ when flow.End is not null => (2, "Close"),
            _ => (1, "Open"),
        };
        Header(w, facts, (4001, "Network Activity"), (4, "Network Activity"), activity, "security_control");
        var (actionId, action) = flow.Action == FlowAction.Dropped ? (2, "Denied") : (1, "Allowed");
        w.WriteNumber("action_id", actionId);
        w.WriteString("action", action);
        var disposition = flow.Action switch
        {
            FlowAction.Dropped when flow.Decided => (2, "Blocked"),
            FlowAction.Dropped => (6, "Dropped"),
            FlowAction.Observed => (17, "Logged"),
            _ => (1, "Allowed"),
        };
        w.WriteNumber("disposition_id", disposition.Item1);
        w.WriteString("disposition", disposition.Item2);
        if (flow.Action != FlowAction.Observed)
        {
            Status(w, flow.Action == FlowAction.Allowed ? (1, "Success") : (2, "Failure"));
        }

        if (flow.Reason is { } reason)
        {
            w.WriteString("status_detail", reason);
        }

        w.WriteNumber("start_time", Millis(facts.Record.At));
        if (flow.End is { } end)
        {
            w.WriteNumber("end_time", Millis(end));
        }

        Endpoint(w, "src_endpoint", flow.Source);
        Endpoint(w, "dst_endpoint", flow.Destination, flow.Protocol);
        w.WriteStartObject("connection_info");
        var both = flow.Source.Asset is not null && flow.Destination.Asset is not null;
        w.WriteNumber("direction_id", both ? 3 : 0);
        w.WriteString("direction", both ? "Lateral" : "Unknown");
        if (flow.Transport is { } transport)
        {
            w.WriteString("protocol_name", transport.ToLowerInvariant());
            var number = transport.ToLowerInvariant() switch
            {
                "tcp" => 6,
                "udp" => 17,
                "icmp" => 1,
                _ => 0,
            };
            if (number > 0)
            {
                w.WriteNumber("protocol_num", number);
            }
        }

        var ip = flow.Destination.Ip ?? flow.Source.Ip;
        if (ip is not null)
        {
            var v6 = ip.Contains(':', StringComparison.Ordinal);
            w.WriteNumber("protocol_ver_id", v6 ? 6 : 4);
        }

        w.WriteEndObject();
        if (flow.Bytes is not null || flow.Packets is not null)
        {
            w.WriteStartObject("traffic");
            if (flow.Bytes is { } bytes)
            {
                w.WriteNumber("bytes", bytes);
            }

            if (flow.Packets is { } packets)
            {
                w.WriteNumber("packets", packets);
            }

            w.WriteEndObject();
        }

        if (flow.Rule is { } rule)
        {
            w.WriteStartObject("firewall_rule");
            w.WriteString("uid", rule);
            w.WriteString("name", rule);
            w.WriteEndObject();
        }

        Unmapped(w, facts, u =>
        {
            Optional(u, "source_zone", flow.Source.Zone?.Value);
            Optional(u, "destination_zone", flow.Destination.Zone?.Value);
            Optional(u, "protocol", flow.Protocol);
            Optional(u, "operation", flow.Operation);
            if (flow.FunctionCode is { } code)
            {
                u.WriteNumber("modbus_function_code", code);
            }

            Optional(u, "rule", flow.Rule);
            Optional(u, "purdue_level", PurdueLevelName(flow.Level));
            Optional(u, "enforcement_point", flow.Reporter);
            if (flow.Decided)
            {
                u.WriteBoolean("decided", true);
            }

            Optional(u, "event_id", flow.EventId);
        });
    }

    private void WriteAuthentication(Utf8JsonWriter w, ExportFacts facts, AuthenticationBody authentication)
    {
        Header(w, facts, (3002, "Authentication"), (3, "Identity & Access Management"), (1, "Logon"));
        Status(w, authentication.Success ? (1, "Success") : (2, "Failure"));
        if (authentication.Reason is { } reason)
        {
            w.WriteString("status_detail", reason);
        }

        User(w, "user", authentication.Identity?.Value ?? authentication.User, authentication.User);
        var method = authentication.Method;
        var mfa = authentication.AuditSequence is not null || method is "totp";
        w.WriteBoolean("is_mfa", mfa);
        var protocol = method switch
        {
            "oidc" => (4, "OpenID"),
            "unknown" or "" => (0, "Unknown"),
            _ => (99, method),
        };
        w.WriteNumber("auth_protocol_id", protocol.Item1);
        w.WriteString("auth_protocol", protocol.Item2);
        if (authentication.Source is { } source)
        {
            Endpoint(w, "src_endpoint", source);
        }

        if (authentication.Target is { } target)
        {
            Endpoint(w, "dst_endpoint", target);
        }

        if (authentication.AuditSequence is not null)
        {
            w.WriteStartObject("service");
            w.WriteString("name", "ztfleet");
            w.WriteEndObject();
        }

        Unmapped(w, facts, u =>
        {
            u.WriteString("method", method);
            if (authentication.Lockout)
            {
                u.WriteBoolean("lockout", true);
            }

            if (authentication.LockedUntil is { } until)
            {
                u.WriteNumber("locked_until", Millis(until));
            }

            if (authentication.Failures is { } failures)
            {
                u.WriteNumber("failures", failures);
            }

            Optional(u, "reporter", authentication.Reporter);
            if (authentication.AuditSequence is { } sequence)
            {
                u.WriteNumber("audit_sequence", sequence);
            }

            Optional(u, "event_id", authentication.EventId);
        });
    }

    private void WriteUserManagement(Utf8JsonWriter w, ExportFacts facts, AuditBody audit)
    {
        var grants = audit.Activity is ExportActivity.GrantApproved or ExportActivity.GrantRevoked or ExportActivity.GrantExpired;
        var activity = audit.Activity switch
        {
            ExportActivity.GrantApproved => (1, "Assign Privileges"),
            ExportActivity.GrantRevoked or ExportActivity.GrantExpired => (2, "Revoke Privileges"),
            ExportActivity.IdentityLocked => (9, "Lock"),
            ExportActivity.MfaEnrolled => (10, "MFA Factor Enable"),
            ExportActivity.IdentityUnlocked or ExportActivity.LockoutCleared => (99, "Unlock"),
            _ => (99, "Other"),
        };
        Header(w, facts, grants ? (3005, "User Access Management") : (3001, "Account Change"), (3, "Identity & Access Management"), activity);
        Status(w, audit.Failed ? (2, "Failure") : (1, "Success"));
        var user = audit.Identity?.Value ?? audit.Target;
        User(w, "user", user, user);
        if (grants)
        {
            w.WriteStartArray("privileges");
            if (audit.Operations.Count == 0)
            {
                w.WriteStringValue($"grant:{audit.Target}");
            }

            foreach (var operation in audit.Operations)
            {
                w.WriteStringValue(ExportFacts.OperationName(operation));
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteStartObject("actor");
            User(w, "user", audit.Actor, audit.Actor);
            w.WriteEndObject();
        }

        Unmapped(w, facts, u => AuditFields(u, audit));
    }

    private void WriteRemediation(Utf8JsonWriter w, ExportFacts facts, AuditBody audit)
    {
        var network = audit.Step is "isolate" or "restrict-writes" || audit.Action.StartsWith("quarantine.", StringComparison.Ordinal);
        var restore = audit.Activity is ExportActivity.RestoreRequested or ExportActivity.Restored or ExportActivity.RestoreRefused;
        var activity = restore ? (3, "Restore") : audit.Step switch
        {
            "isolate" or "restrict-writes" => (1, "Isolate"),
            "lock" or "revoke-grants" => (2, "Evict"),
            "step-up-mfa" => (4, "Harden"),
            null when network => (1, "Isolate"),
            _ => (99, "Other"),
        };
        Header(w, facts, network ? (7004, "Network Remediation Activity") : (7001, "Remediation Activity"), (7, "Remediation"), activity);
        Status(w, audit.Activity switch
        {
            ExportActivity.RemediationApplied or ExportActivity.Restored => (1, "Success"),
            ExportActivity.RemediationRefused or ExportActivity.RestoreRefused => (2, "Failure"),
            _ => (99, "Pending"),
        });
        w.WriteString("status_detail", audit.Outcome);
        w.WriteString("command_uid", audit.Target);
        if (network)
        {
            w.WriteStartObject("connection_info");
            var direction = audit.Step switch
            {
                "restrict-writes" => (1, "Inbound"),
                "isolate" => (99, "Inbound and outbound"),
                _ => (0, "Unknown"),
            };
            w.WriteNumber("direction_id", direction.Item1);
            w.WriteString("direction", direction.Item2);
            w.WriteEndObject();
        }

        var countermeasure = audit.Step switch
        {
            "isolate" => ("Isolate", "D3-NI", "Network Isolation"),
            "restrict-writes" => ("Isolate", "D3-ITF", "Inbound Traffic Filtering"),
            "lock" => ("Evict", "D3-AL", "Account Locking"),
            _ => default,
        };
        if (countermeasure.Item1 is not null)
        {
            w.WriteStartArray("countermeasures");
            w.WriteStartObject();
            w.WriteStartObject("d3f_tactic");
            w.WriteString("name", countermeasure.Item1);
            w.WriteEndObject();
            w.WriteStartObject("d3f_technique");
            w.WriteString("uid", countermeasure.Item2);
            w.WriteString("name", countermeasure.Item3);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        Unmapped(w, facts, u => AuditFields(u, audit));
    }

    private void WriteApiActivity(Utf8JsonWriter w, ExportFacts facts, AuditBody audit)
    {
        Header(w, facts, (6003, "API Activity"), (6, "Application Activity"), ApiActivity(audit.Action));
        Status(w, audit.Failed ? (2, "Failure") : (1, "Success"));
        if (audit.Failed)
        {
            w.WriteString("status_code", audit.Outcome);
        }

        w.WriteStartObject("actor");
        User(w, "user", audit.Actor, audit.Actor);
        w.WriteEndObject();
        w.WriteStartObject("api");
        w.WriteString("operation", audit.Action);
        w.WriteStartObject("service");
        w.WriteString("name", ApiService(audit.Action));
        w.WriteEndObject();
        w.WriteEndObject();

        // Audit records keep the caller's principal, not its address: the endpoint is named by the principal.
        w.WriteStartObject("src_endpoint");
        w.WriteString("name", audit.Actor);
        w.WriteEndObject();
        w.WriteStartArray("resources");
        w.WriteStartObject();
        w.WriteString("uid", audit.Target);
        w.WriteEndObject();
        w.WriteEndArray();
        Unmapped(w, facts, u => AuditFields(u, audit));
    }

    /// <summary>API Activity's activity from the action's verb: Create 1, Read 2, Update 3, Delete 4.</summary>
    private static (int, string) ApiActivity(string action)
    {
        var verb = action.StartsWith('/') ? action[(action.LastIndexOf('/') + 1)..] : action[(action.IndexOf('.') + 1)..];
        var lower = verb.ToLowerInvariant();
        bool Starts(params string[] words) => words.Any(w => lower.StartsWith(w, StringComparison.Ordinal));
        return Starts("get", "list", "watch", "export", "rank", "check", "batchcheck", "read")
            ? (2, "Read")
            : Starts("create", "request", "enroll", "import", "quarantineasset")
                ? (1, "Create")
                : Starts("delete", "revoke", "drop", "remove")
                    ? (4, "Delete")
                    : (3, "Update");
    }

    private static string ApiService(string action)
    {
        if (action.StartsWith('/'))
        {
            var end = action.LastIndexOf('/');
            return end > 1 ? action[1..end] : action;
        }

        var dot = action.IndexOf('.');
        return dot > 0 ? $"ztfleet.{action[..dot]}" : "ztfleet";
    }

    private static void AuditFields(Utf8JsonWriter u, AuditBody audit)
    {
        u.WriteString("audit_action", audit.Action);
        u.WriteString("audit_target", audit.Target);
        u.WriteString("audit_outcome", audit.Outcome);
        u.WriteString("audit_actor", audit.Actor);
        u.WriteNumber("audit_sequence", audit.Sequence);
        Optional(u, "audit_hash", audit.Hash.Length == 0 ? null : audit.Hash);
        Optional(u, "activity", audit.Activity == ExportActivity.Other ? null : Spelled.Of(audit.Activity));
        Optional(u, "step", audit.Step);
        u.WritePropertyName("detail");
        if (IsJsonObject(audit.Detail))
        {
            u.WriteRawValue(audit.Detail, skipInputValidation: true);
        }
        else
        {
            u.WriteStartObject();
            u.WriteString("text", audit.Detail);
            u.WriteEndObject();
        }
    }

    private void Header(Utf8JsonWriter w, ExportFacts facts, (int Uid, string Name) type, (int Uid, string Name) category, (int Id, string Name) activity, string? profile = null)
    {
        var record = facts.Record;
        w.WriteNumber("class_uid", type.Uid);
        w.WriteString("class_name", type.Name);
        w.WriteNumber("category_uid", category.Uid);
        w.WriteString("category_name", category.Name);
        w.WriteNumber("activity_id", activity.Id);
        w.WriteString("activity_name", activity.Name);
        w.WriteNumber("type_uid", ((long)type.Uid * 100) + activity.Id);
        w.WriteString("type_name", $"{type.Name}: {activity.Name}");
        w.WriteNumber("severity_id", SeverityId(record.Severity));
        w.WriteString("severity", SeverityCaption(record.Severity));
        w.WriteNumber("time", Millis(record.At));
        w.WriteNumber("timezone_offset", (int)record.At.Offset.TotalMinutes);
        w.WriteString("message", facts.Sentence);
        w.WriteStartObject("metadata");
        w.WriteString("version", SchemaVersion);
        w.WriteStartObject("product");
        w.WriteString("name", "ZtFleet");
        w.WriteString("vendor_name", "ZtFleet");
        w.WriteString("version", _options.ProductVersion);
        w.WriteEndObject();
        w.WriteString("uid", record.Position > 0
            ? record.Position.ToString(CultureInfo.InvariantCulture)
            : $"{ExportFacts.KindName(record.Kind)}:{facts.Id ?? Millis(record.At).ToString(CultureInfo.InvariantCulture)}");
        w.WriteString("log_name", ExportFacts.KindName(record.Kind));
        w.WriteString("log_provider", "ztfleet");
        if (profile is not null)
        {
            w.WriteStartArray("profiles");
            w.WriteStringValue(profile);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Unmapped(Utf8JsonWriter w, ExportFacts facts, Action<Utf8JsonWriter> more)
    {
        w.WriteStartObject("unmapped");
        Optional(w, "plant", facts.Record.Plant);
        Optional(w, "zone", facts.Zone);
        Optional(w, "asset", facts.Asset);
        Optional(w, "identity", facts.Identity);
        if (facts.FunctionCode is { } code && facts.Body is Detection)
        {
            w.WriteNumber("modbus_function_code", code);
        }

        if (facts.Technique is { } technique && facts.Body is not Detection)
        {
            w.WriteString("attack_for_ics_technique", technique.ToString());
        }

        if (facts.Record.Position > 0)
        {
            w.WriteNumber("outbox_position", facts.Record.Position);
        }

        more(w);
        w.WriteEndObject();
    }

    private static void Status(Utf8JsonWriter w, (int Id, string Name) status)
    {
        w.WriteNumber("status_id", status.Id);
        w.WriteString("status", status.Name);
    }

    private static void User(Utf8JsonWriter w, string property, string uid, string name)
    {
        w.WriteStartObject(property);
        w.WriteString("uid", uid);
        w.WriteString("name", name);
        w.WriteEndObject();
    }

    private static void Endpoint(Utf8JsonWriter w, string property, ExportEndpoint endpoint, string? service = null)
    {
        w.WriteStartObject(property);
        if (endpoint.Ip is { } ip)
        {
            w.WriteString("ip", ip);
        }

        if (endpoint.Port is { } port)
        {
            w.WriteNumber("port", port);
        }

        if (endpoint.Asset is { } asset)
        {
            w.WriteString("uid", asset.Value);
            w.WriteString("name", asset.Value);
        }

        if (endpoint.Zone is { } zone)
        {
            w.WriteString("zone", zone.Value);
        }

        if (service is not null)
        {
            w.WriteString("svc_name", service);
        }

        if (endpoint.Ip is null && endpoint.Asset is null && service is null)
        {
            // network_endpoint needs one of ip, uid, name…: an end nobody could name.
            w.WriteString("name", "-");
        }

        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? PurdueLevelName(Inventory.PurdueLevel? level) => level switch
    {
        Inventory.PurdueLevel.Level0 => "0",
        Inventory.PurdueLevel.Level1 => "1",
        Inventory.PurdueLevel.Level2 => "2",
        Inventory.PurdueLevel.Level3 => "3",
        Inventory.PurdueLevel.Level3_5 => "3.5",
        Inventory.PurdueLevel.Level4 => "4",
        Inventory.PurdueLevel.Level5 => "5",
        _ => null,
    };

    private static string SeverityCaption(Severity severity) => severity switch
    {
        Severity.Low => "Low",
        Severity.Medium => "Medium",
        Severity.High => "High",
        Severity.Critical => "Critical",
        _ => "Informational",
    };

    private static long Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    /// <summary>How many incident parts an event carries (the latest); <c>parts_total</c> says how many there are.</summary>
    private const int MaxParts = 100;
}
