namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// What lowers the trust in an asset or an identity. Each kind has its own weight, cap and decay in
/// <see cref="TrustSettings"/>; documents write it in camelCase (<c>staleTelemetry</c>). <see cref="Unspecified"/> and
/// undefined values weigh as much as the heaviest kind (an unknown signal never raises trust).
/// </summary>
public enum TrustFactorKind
{
    Unspecified = 0,

    /// <summary>A known vulnerability of the asset (a CVE), by its CVSS base score or severity; in force until patched.</summary>
    Vulnerability = 1,

    /// <summary>An open detection about the entity (an anomaly, a refused write), by severity.</summary>
    Detection = 2,

    /// <summary>A failed MFA attempt of the identity.</summary>
    MfaFailure = 3,

    /// <summary>A lockout of the identity after repeated failures.</summary>
    Lockout = 4,

    /// <summary>A quarantine in force on the asset.</summary>
    Quarantine = 5,

    /// <summary>The entity's telemetry has gone stale: nothing is known about what it does now.</summary>
    StaleTelemetry = 6,

    /// <summary>An access attempt outside the identity's shift.</summary>
    OffShift = 7,
}
