using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Export;

/// <summary>
/// The body of an <see cref="ExportKind.Authentication"/> record: an MFA assertion that succeeded, a code that was
/// refused, a lockout (OCSF Authentication 3002). From the audit chain (<c>mfa.assert</c>, <c>mfa.lockout</c>, a
/// refused <c>AssertMfa</c>) or from an authentication telemetry event (a jump host, an HMI, a PEP).
/// </summary>
/// <param name="User">The user name as given (the identity id when it resolved).</param>
/// <param name="Method">How: <c>totp</c>, <c>oidc</c>, <c>password</c>, <c>certificate</c>…; <c>unknown</c> when not said.</param>
/// <param name="Success">Whether it succeeded.</param>
public sealed record AuthenticationBody(string User, string Method, bool Success)
{
    /// <summary>The identity, when the user resolves to one.</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>True when this failure locked the identity out.</summary>
    public bool Lockout { get; init; }

    /// <summary>Until when a lockout holds.</summary>
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>Refused attempts in a row, when known.</summary>
    public int? Failures { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public string? Reason { get; init; }

    /// <summary>Where the attempt came from, when known.</summary>
    public ExportEndpoint? Source { get; init; }

    /// <summary>The system it authenticated to, when known.</summary>
    public ExportEndpoint? Target { get; init; }

    /// <summary>Who reported it: an enforcement point or sensor, or the audit record's actor.</summary>
    public string? Reporter { get; init; }

    /// <summary>The audit record it comes from (sequence in its scope's chain), when one.</summary>
    public long? AuditSequence { get; init; }

    /// <summary>The telemetry event it comes from, when one.</summary>
    public string? EventId { get; init; }
}
