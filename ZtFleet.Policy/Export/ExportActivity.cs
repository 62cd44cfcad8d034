namespace ZtFleet.Policy.Export;

/// <summary>
/// What an audit record exported as <see cref="ExportKind.UserManagement"/>, <see cref="ExportKind.Remediation"/> or
/// <see cref="ExportKind.Audit"/> did, normalised from its action and outcome: the formats map it (OCSF activity,
/// CEF signature, syslog message).
/// </summary>
public enum ExportActivity
{
    /// <summary>Anything else (an <see cref="ExportKind.Audit"/> record).</summary>
    Other = 0,

    /// <summary><c>identity.lock</c>: an administrator locked an identity.</summary>
    IdentityLocked = 1,

    /// <summary><c>identity.unlock</c>.</summary>
    IdentityUnlocked = 2,

    /// <summary><c>mfa.lockout-cleared</c>: an administrator cleared a TOTP lockout.</summary>
    LockoutCleared = 3,

    /// <summary><c>mfa.totp-enroll</c>: a TOTP factor was enrolled.</summary>
    MfaEnrolled = 4,

    /// <summary><c>access.approve</c> that made a temporary grant active.</summary>
    GrantApproved = 5,

    /// <summary><c>access.revoke</c> of a grant.</summary>
    GrantRevoked = 6,

    /// <summary><c>access.expire</c>: a grant's window ended (no producer writes it yet).</summary>
    GrantExpired = 7,

    /// <summary><c>quarantine.request</c> (waiting for approvers) or a response step proposed.</summary>
    RemediationRequested = 8,

    /// <summary>A quarantine in force (<c>quarantine.request</c>/<c>approve</c> with outcome <c>in-force</c>) or a response step applied.</summary>
    RemediationApplied = 9,

    /// <summary><c>quarantine.reject</c>, <c>quarantine.reject-lift</c>, or a response step refused or failed.</summary>
    RemediationRefused = 10,

    /// <summary><c>quarantine.lift-request</c>: a lift waits for approvers.</summary>
    RestoreRequested = 11,

    /// <summary>A quarantine lifted or dropped, or a response step reverted.</summary>
    Restored = 12,

    /// <summary><c>quarantine.reject-lift</c>: a lift was refused; the quarantine stays.</summary>
    RestoreRefused = 13,
}
