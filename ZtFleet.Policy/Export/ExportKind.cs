namespace ZtFleet.Policy.Export;

/// <summary>
/// What an exported record is; destinations filter on it, and each format maps it (OCSF class, CEF signature,
/// syslog message id).
/// </summary>
public enum ExportKind
{
    /// <summary>Not a kind.</summary>
    Unspecified = 0,

    /// <summary>A detection opened or changed (body: <see cref="Monitoring.Detections.Detection"/>; OCSF Detection Finding 2004).</summary>
    Detection = 1,

    /// <summary>An incident opened or changed (body: <see cref="Response.Incidents.Incident"/>; OCSF Incident Finding 2005).</summary>
    Incident = 2,

    /// <summary>An access decision at the API or a PEP (body: <see cref="AccessDecisionBody"/>; OCSF Authorize Session 3003).</summary>
    Decision = 3,

    /// <summary>A network flow seen or decided (body: <see cref="FlowBody"/>; OCSF Network Activity 4001 with action and disposition).</summary>
    Flow = 4,

    /// <summary>An authentication: MFA success or failure, lockout (body: <see cref="AuthenticationBody"/>; OCSF Authentication 3002).</summary>
    Authentication = 5,

    /// <summary>
    /// A change to an identity or its access: lock, unlock, grant, revoke (OCSF 1.3.0 Account Change 3001 and User
    /// Access Management 3005; User Management 3007 exists only in OCSF 1.9.0-dev).
    /// </summary>
    UserManagement = 6,

    /// <summary>
    /// A response step proposed, applied or reverted, a quarantine (OCSF Network Remediation Activity 7004 for an
    /// asset's quarantine, Remediation Activity 7001 for steps on identities).
    /// </summary>
    Remediation = 7,

    /// <summary>Any other audit record (body: <see cref="AuditBody"/>; OCSF API Activity 6003).</summary>
    Audit = 8,
}
