using System.Text.Json;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Grains.Export;

/// <summary>
/// The export record of an audit record, appended by the audit store with it: every lockout, lock, grant, revoke,
/// quarantine step and playbook step is audited, so exporting the audit chain exports all of them. The action's
/// prefix chooses the kind (and so the OCSF class): <c>mfa.*</c> Authentication (3002), <c>identity.*</c>,
/// <c>access.*</c>, <c>credential.*</c> and TOTP enrolment User Management (3007), <c>quarantine.*</c>,
/// <c>playbook.*</c>, <c>response.*</c> Remediation (7001/7004); everything else Audit.
/// </summary>
public static class AuditExport
{
    /// <summary>The kind an audit action is exported as.</summary>
    public static ExportKind KindOf(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action switch
        {
            "mfa.totp-enroll" => ExportKind.UserManagement,
            _ when action.StartsWith("mfa.", StringComparison.Ordinal) => ExportKind.Authentication,
            _ when action.StartsWith("identity.", StringComparison.Ordinal)
                || action.StartsWith("access.", StringComparison.Ordinal)
                || action.StartsWith("credential.", StringComparison.Ordinal) => ExportKind.UserManagement,
            _ when action.StartsWith("quarantine.", StringComparison.Ordinal)
                || action.StartsWith("playbook.", StringComparison.Ordinal)
                || action.StartsWith("response.", StringComparison.Ordinal) => ExportKind.Remediation,
            _ => ExportKind.Audit,
        };
    }

    /// <summary>
    /// How serious an audit action is for a SOC: a lockout or a break-glass decision is high, a lock or a quarantine
    /// medium, refusals low, the rest informational.
    /// </summary>
    public static Severity SeverityOf(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Action switch
        {
            "mfa.lockout" or "decision.break-glass" => Severity.High,
            "identity.lock" or "quarantine.request" or "quarantine.approve" or "credential.token.revoked" or "enforcement.revoked" => Severity.Medium,
            _ when entry.Outcome is "refused" or "denied" or "failed" => Severity.Low,
            _ => Severity.Unspecified,
        };
    }

    /// <summary>The export record of <paramref name="record"/> (body: the audit record as JSON, with its scope).</summary>
    public static ExportRecord ToExportRecord(string scope, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = record.Entry;
        var body = JsonSerializer.Serialize(
            new { scope, sequence = record.Sequence, entry.Plant, entry.At, entry.Actor, entry.Action, entry.Target, entry.Outcome, entry.Detail },
            PlantDeltaJson.Options);
        return new ExportRecord(KindOf(entry.Action), entry.Plant, entry.At, SeverityOf(entry), body);
    }
}
